import tls from 'node:tls';

/**
 * Sandbox mode only: adds the sandbox voice server's self-made certificate to this process's
 * trusted CAs (Node 22.19+ `tls.setDefaultCACertificates`), so `wss://` to the sandbox
 * verifies like any other TLS connection. Verification is never turned off.
 */
export const trustSandboxVoiceCertificate = (pem: string): void => {
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new Error('not a PEM certificate');
  const current = tls.getCACertificates('default');
  if (current.includes(pem)) return;
  tls.setDefaultCACertificates([...current, pem]);
};

/** Fetches the certificate from a sandbox's control API and trusts it (sandbox mode only). */
export const trustSandboxVoiceCertificateFrom = async (sandboxUrl: string): Promise<void> => {
  const res = await fetch(`${sandboxUrl.replace(/\/+$/, '')}/_sandbox/voice/certificate`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`the sandbox has no voice certificate (HTTP ${res.status})`);
  trustSandboxVoiceCertificate(await res.text());
};

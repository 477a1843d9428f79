/**
 * Browser stand-ins for the two Node built-ins the kernel imports (node:crypto for ids,
 * node:assert for its test helper). The dashboard uses neither: the bundler drops them as
 * unused; if one were ever called in the browser it fails loudly instead of misbehaving.
 */
const unavailable = (name: string) => (): never => {
  throw new Error(`${name} is not available in the browser`);
};

export const createHash = unavailable('node:crypto createHash');
export const randomUUID = unavailable('node:crypto randomUUID');
export const deepStrictEqual = unavailable('node:assert deepStrictEqual');
export const fail = unavailable('node:assert fail');

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../src/k8s.js';

const StepSchema = z.looseObject({ uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const WorkflowSchema = z.looseObject({
  on: z.looseObject({}),
  jobs: z.record(z.string(), z.looseObject({ steps: z.array(StepSchema), needs: z.union([z.string(), z.array(z.string())]).optional(), if: z.string().optional(), services: z.record(z.string(), z.looseObject({ image: z.string() })).optional() })),
});

describe('.github/workflows/ci.yml', () => {
  it('runs .ci/run as the one source of truth, with PostgreSQL as a service container', async () => {
    const wf = WorkflowSchema.parse(parse(await readFile(`${repoRoot}.github/workflows/ci.yml`, 'utf8')));
    const test = wf.jobs.test!;
    expect(test.steps.filter((s) => s.run !== undefined).map((s) => s.run!.trim()).at(-1)).toBe('bash .ci/run');
    // No test command of its own beside .ci/run.
    expect(test.steps.some((s) => /npm (test|run|ci)|vitest|nx /.test(s.run ?? ''))).toBe(false);
    expect(test.services?.postgres?.image).toMatch(/^postgres:\d+\.\d+/);
  });

  it('builds and pushes the image from deploy/docker/Dockerfile on a version tag, after the tests pass', async () => {
    const wf = WorkflowSchema.parse(parse(await readFile(`${repoRoot}.github/workflows/ci.yml`, 'utf8')));
    const release = wf.jobs.release!;
    expect(release.needs).toBe('test');
    expect(release.if).toContain("refs/tags/v");
    const build = release.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with).toMatchObject({ file: 'deploy/docker/Dockerfile', push: true });
    for (const job of Object.values(wf.jobs)) for (const s of job.steps) if (s.uses) expect(s.uses, 'actions pinned to a version').toMatch(/@v\d+(\.\d+)*$|@[a-f0-9]{40}$/);
  });
});

// `pnpm vendor:diff`: what a vendor changed in its document since the pinned copy, on copies of the
// pinned documents changed here the ways vendors change theirs.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorChanges } from '../scripts/vendor-diff.mjs';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const pinned = async (path: string) => {
  const text = await readFile(join(root, 'vendor', path), 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : load(text);
};

describe('vendorChanges', () => {
  it('finds nothing between a document and itself', async () => {
    const mesh = await pinned('mesh/swagger.json');
    expect(vendorChanges(mesh, structuredClone(mesh))).toEqual([]);
  });

  it('lists added, removed and changed operations, parameters, bodies, responses, enums and schemas', async () => {
    const before = await pinned('mesh/swagger.json');
    const after = structuredClone(before);
    delete after.paths['/api/v1/wallets/verify'];
    after.paths['/api/v1/wallets/list'] = {
      get: { summary: 'List wallets', responses: { '200': { description: 'OK' } } },
    };
    const linkToken = after.paths['/api/v1/linktoken'].post;
    linkToken.parameters = [{ name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } }];
    after.components.schemas.GetLinkTokenRequest.properties.configurationId = { type: 'string', format: 'uuid' };
    delete linkToken.responses['404'];
    after.paths['/api/v1/transfers'].post.deprecated = false;
    after.components.schemas.NetworkType.enum = [
      ...after.components.schemas.NetworkType.enum.filter((v: string) => v !== 'tezos'),
      'ton',
    ];
    after.components.schemas.Wallet = { type: 'object' };
    expect(vendorChanges(before, after)).toEqual([
      '',
      '## Operations added',
      '',
      '- `GET /api/v1/wallets/list` — List wallets',
      '',
      '## Operations removed',
      '',
      '- `GET /api/v1/wallets/verify` — Get wallet verifications for user and address.',
      '',
      '## Operations changed',
      '',
      '- `POST /api/v1/linktoken`: parameter `header X-Trace` added, required; body property `configurationId` added; response 404 removed',
      '- `POST /api/v1/transfers`: no longer deprecated',
      '',
      '## Enums changed',
      '',
      '- `NetworkType`: +ton, −tezos',
      '',
      '## Schemas added',
      '',
      '- `Wallet`',
    ]);
  });

  it('reads Refold’s YAML document as it reads Mesh’s JSON one', async () => {
    const before = await pinned('refold/openapi.v3.1.yaml');
    const after = structuredClone(before);
    // The first GET with a parameter written inline (not a $ref to components).
    const [path, item] = Object.entries<Record<string, { parameters?: { $ref?: string; required?: boolean }[] }>>(
      after.paths,
    ).find(([, i]) => i.get?.parameters?.some((p) => !p.$ref))!;
    const parameter = item.get!.parameters!.find((p) => !p.$ref)!;
    parameter.required = !parameter.required;
    expect(vendorChanges(before, after).join('\n')).toMatch(
      new RegExp(`\`GET ${path.replace(/[{}]/g, '\\$&')}\`: parameter .* (now|no longer) required`),
    );
  });
});

describe('pnpm vendor:diff', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vendor-diff-'));
  });
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('prints the changes as Markdown, and says so when there are none', async () => {
    const newer = join(dir, 'mesh.json');
    const mesh = await pinned('mesh/swagger.json');
    delete mesh.paths['/api/v1/status'];
    await writeFile(newer, JSON.stringify(mesh));
    const { stdout } = await exec(process.execPath, [join(root, 'scripts/vendor-diff.mjs'), 'mesh', newer], {
      cwd: root,
    });
    expect(stdout).toContain('# mesh: vendor/mesh/swagger.json (pinned) → ');
    expect(stdout).toContain('- `GET /api/v1/status` — Get health status');
    const same = await exec(
      process.execPath,
      [join(root, 'scripts/vendor-diff.mjs'), 'refold', join(root, 'vendor/refold/openapi.v3.1.yaml')],
      { cwd: root },
    );
    expect(same.stdout).toContain('No change to operations');
  });

  it('names its arguments when they are missing', async () => {
    const error = await exec(process.execPath, [join(root, 'scripts/vendor-diff.mjs'), 'stripe'], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: pnpm vendor:diff <refold|mesh> <newer vendor document'),
    });
  });
});

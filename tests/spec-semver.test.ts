// The semver a spec change needs (scripts/spec-semver.mjs), on the Mesh spec changed the ways a
// vendor changes an API, and the check that the changesets ask for at least that.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySpecChange, declaredBumps, requiredBump } from '../scripts/spec-semver.mjs';
import { copyRepo, type RepoCopy } from './support/repo-copy.js';
import { withUserIdRenamed } from './support/spec.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI document.
let mesh: any;
beforeAll(async () => {
  mesh = load(await readFile(join(root, 'specs/mesh.yaml'), 'utf8'));
});
const changed = (edit: (doc: typeof mesh) => void) => {
  const after = structuredClone(mesh);
  edit(after);
  return classifySpecChange(mesh, after);
};
const request = (doc: typeof mesh) => doc.components.schemas.GetLinkTokenRequest;

describe('classifySpecChange', () => {
  it('finds nothing in an unchanged spec, and a patch in a description', () => {
    expect(changed(() => {})).toEqual({ major: [], minor: [], patch: [] });
    const found = changed((doc) => {
      doc.paths['/api/v1/linktoken'].post.description = 'Reworded.';
    });
    expect(requiredBump(found)).toBe('patch');
  });

  it('needs a major for what breaks callers', () => {
    const renamed = changed((doc) => {
      request(doc).properties.endUserId = request(doc).properties.userId;
      delete request(doc).properties.userId;
      request(doc).required = ['endUserId'];
    });
    expect(renamed.major).toEqual([
      'createLinkToken: body.userId removed',
      'createLinkToken: body.endUserId added, required',
    ]);
    expect(requiredBump(renamed)).toBe('major');
    expect(
      changed((doc) => {
        delete doc.paths['/api/v1/wallets/verify'];
      }).major,
    ).toEqual(['listWalletVerifications: operation removed (GET /api/v1/wallets/verify)']);
    expect(
      changed((doc) => {
        request(doc).required.push('restrictMultipleAccounts');
      }).major,
    ).toEqual(['createLinkToken: body.restrictMultipleAccounts now required']);
    expect(
      changed((doc) => {
        delete doc.paths['/api/v1/linktoken'].post.responses['404'];
      }).major,
    ).toEqual(['createLinkToken: response 404 removed']);
    expect(
      changed((doc) => {
        doc.components.schemas.LinkTokenModel.properties.paymentLink.type = ['string', 'null', 'integer'];
      }).major,
    ).toEqual(['createLinkToken: response 200.content.paymentLink: type string|null → string|null|integer']);
  });

  it('needs a minor for what only adds', () => {
    const found = changed((doc) => {
      request(doc).properties.locale = { type: 'string' };
      doc.paths['/api/v1/wallets/list'] = {
        get: { operationId: 'listWallets', responses: { '200': { description: 'OK' } } },
      };
      doc.components.schemas.LinkTokenModel.properties.expiresAt = { type: 'integer' };
      doc.components.schemas.BrokerType.enum.push('brokerAddedLater');
    });
    expect(found.major).toEqual([]);
    expect(found.minor).toEqual(
      expect.arrayContaining([
        'createLinkToken: body.locale added',
        'createLinkToken: response 200.content.expiresAt added',
        'listWallets: operation added (GET /api/v1/wallets/list)',
      ]),
    );
    // BrokerType is open (x-open-enum): a value added to what an answer may carry breaks nobody.
    expect(found.minor.some((item) => /enum values brokerAddedLater added/.test(item))).toBe(true);
  });

  it('takes a value removed from an open enum as a minor, from a closed one as a major', () => {
    const open = changed((doc) => {
      doc.components.schemas.NetworkType.enum = doc.components.schemas.NetworkType.enum.filter(
        (v: string) => v !== 'tezos',
      );
    });
    expect(open.major).toEqual([]);
    expect(open.minor.some((item) => /enum values tezos removed/.test(item))).toBe(true);
    const closed = changed((doc) => {
      delete doc.components.schemas.NetworkType['x-open-enum'];
      doc.components.schemas.NetworkType.enum = doc.components.schemas.NetworkType.enum.filter(
        (v: string) => v !== 'tezos',
      );
    });
    expect(closed.major.some((item) => /enum values tezos removed/.test(item))).toBe(true);
  });
});

describe('node scripts/spec-semver.mjs --check', () => {
  let repo: RepoCopy;
  let copy: string;
  const git = (...args: string[]) => exec('git', args, { cwd: copy });
  beforeAll(async () => {
    // A repository whose last release is tagged, as changesets tags it.
    repo = await copyRepo('spec-semver', ['specs', 'scripts', '.changeset']);
    copy = repo.dir;
    await git('init', '-q');
    await git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'base');
    await git('add', 'specs');
    await git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'release');
    await git('tag', '@org/mesh@0.2.0');
    await git('tag', '@org/refold@0.2.0');
    for (const file of await readdir(join(copy, '.changeset'))) {
      if (file.endsWith('.md') && file !== 'README.md') await rm(join(copy, '.changeset', file));
    }
  });
  afterAll(() => repo?.remove());
  const run = () =>
    exec(process.execPath, [join(copy, 'scripts/spec-semver.mjs'), '--check'], { cwd: copy }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );

  it('fails when a renamed field gets a minor changeset, listing what breaks, and passes with a major', async () => {
    const spec = join(copy, 'specs/mesh.yaml');
    await writeFile(spec, withUserIdRenamed(await readFile(spec, 'utf8')));
    const changeset = join(copy, '.changeset', 'rename.md');
    await writeFile(changeset, "---\n'@org/mesh': minor\n---\n\nRenamed userId.\n");
    const minor = await run();
    expect(minor.code).toBe(1);
    expect(minor.output).toContain('@org/mesh needs a major changeset (`pnpm changeset`), for:');
    expect(minor.output).toContain('  - createLinkToken: body.userId removed');
    expect(minor.output).toContain('@org/refold: specs/refold.yaml since @org/refold@0.2.0 needs a none release');
    await writeFile(changeset, "---\n'@org/mesh': major\n---\n\nRenamed userId.\n");
    expect(await run()).toMatchObject({ code: 0 });
  });

  it('reads each package’s highest bump from the changesets, and not the README', async () => {
    const dir = join(copy, 'bumps');
    await mkdir(dir);
    await writeFile(join(dir, 'a.md'), "---\n'@org/refold': patch\n'@org/mesh': major\n---\n\nOne.\n");
    await writeFile(join(dir, 'b.md'), '---\n"@org/refold": minor\n---\n\nTwo.\n');
    await writeFile(join(dir, 'README.md'), "---\n'@org/refold': major\n---\n");
    expect(declaredBumps(dir)).toEqual({ '@org/refold': 'minor', '@org/mesh': 'major' });
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { deployConfig, findNginx } from '../../scripts/nginx';

// deploy/nginx.conf is what `npm run cluster` runs, for two instances: it must not drift from it.
describe('deploy/nginx.conf', () => {
  const file = path.resolve('deploy', 'nginx.conf');

  it('is the configuration npm run cluster writes (regenerate: npx tsx scripts/nginx.ts > deploy/nginx.conf)', () => {
    assert.equal(fs.readFileSync(file, 'utf8'), deployConfig());
  });

  it('says what the issue asks of the front door', () => {
    const conf = fs.readFileSync(file, 'utf8');
    assert.match(conf, /^\s*proxy_next_upstream error timeout http_502 http_503;$/m);
    assert.doesNotMatch(conf, /^\s*proxy_next_upstream [^;]*non_idempotent/m);
    assert.match(conf, /X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    assert.match(conf, /^\s*keepalive \d+;$/m);
    assert.match(conf, /max_fails=\d+ fail_timeout=\d+s;/);
    assert.match(conf, /^daemon off;$/m);
  });

  it('passes nginx -t, with every path inside a temp folder', (context) => {
    let nginx: string;
    try {
      nginx = findNginx();
    } catch {
      context.skip('nginx is not installed');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-conf-test-'));
    try {
      execFileSync(nginx, ['-t', '-q', '-p', `${dir}/`, '-c', file, '-e', path.join(dir, 'error.log')], { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface MosquittoUnderTest {
  url: string;
  admin: { username: string; password: string };
  /** What the broker logged, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** The hash format of the dynsec JSON (what `mosquitto_ctrl dynsec init` writes): PBKDF2-SHA512, 101 rounds. */
function dynsecPassword(password: string): { password: string; salt: string; iterations: number } {
  const salt = randomBytes(12);
  return { password: pbkdf2Sync(password, salt, 101, 64, 'sha512').toString('base64'), salt: salt.toString('base64'), iterations: 101 };
}

function initialDynsecConfig(admin: { username: string; password: string }): unknown {
  const control = '$CONTROL/dynamic-security/#';
  return {
    clients: [{ username: admin.username, textName: 'test admin', ...dynsecPassword(admin.password), roles: [{ rolename: 'admin' }] }],
    roles: [
      {
        rolename: 'admin',
        acls: [
          { acltype: 'publishClientSend', topic: control, allow: true },
          { acltype: 'publishClientReceive', topic: control, allow: true },
          { acltype: 'subscribePattern', topic: control, allow: true },
        ],
      },
    ],
    // The plugin's own defaults: nothing may be published or subscribed unless a role allows it.
    defaultACLAccess: { publishClientSend: false, publishClientReceive: true, subscribe: false, unsubscribe: true },
  };
}

function assertMosquittoInstalled(): void {
  const probe = spawnSync('mosquitto', ['-h'], { stdio: 'ignore' });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('The `mosquitto` binary is not on PATH: install Mosquitto 2 (apt-get install mosquitto). The Mosquitto tests never skip.');
  }
  if (!existsSync(DYNSEC_PLUGIN)) throw new Error(`The Mosquitto dynamic-security plugin is missing at ${DYNSEC_PLUGIN} (Debian package mosquitto).`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A Mosquitto of this test's own (never the machine's instance on 1883) on a free
 * 127.0.0.1 port, with the dynamic-security plugin and an admin client in a temp dir
 * (or, with `dynamicSecurity: false`, an open broker without the plugin).
 */
export async function startMosquitto({ dynamicSecurity = true } = {}): Promise<MosquittoUnderTest> {
  assertMosquittoInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'ff-mosquitto-'));
  const admin = { username: 'ff_admin', password: randomBytes(12).toString('hex') };
  const port = await freePort();
  await writeFile(join(dir, 'dynamic-security.json'), JSON.stringify(initialDynsecConfig(admin)));
  await writeFile(
    join(dir, 'mosquitto.conf'),
    [
      `listener ${port} 127.0.0.1`,
      ...(dynamicSecurity
        ? ['allow_anonymous false', `plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${join(dir, 'dynamic-security.json')}`]
        : ['allow_anonymous true']),
      // Started as root, mosquitto switches to the `mosquitto` user, which cannot read (or let
      // the plugin rewrite) this process's private temp dir; stay the user that wrote it.
      `user ${userInfo().username}`,
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      '',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  while (!(await accepts(port))) {
    if (!running) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`mosquitto exited before listening on 127.0.0.1:${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  return {
    url: `mqtt://127.0.0.1:${port}`,
    admin,
    output: () => output,
    async stop() {
      if (running) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

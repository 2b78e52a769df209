import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config.ts';

describe('the HTTP interface', () => {
  it('is loopback with the Auth emulator even when FACILFLOW_HOST names every interface', () => {
    const config = loadConfig({ FACILFLOW_HOST: '0.0.0.0' });
    expect(config.firebase.emulator).toBeDefined();
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.http.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('leaves loopback with the Auth emulator only when FACILFLOW_HTTP_HOST says so', () => {
    expect(loadConfig({ FACILFLOW_HTTP_HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
  });

  it('follows FACILFLOW_HOST for a real Firebase project, whose tokens are signed', () => {
    const config = loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k', FACILFLOW_HOST: '0.0.0.0' });
    expect(config.firebase.emulator).toBeUndefined();
    expect(config.http.host).toBe('0.0.0.0');
  });
});

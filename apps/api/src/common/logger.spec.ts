import { Writable } from 'node:stream';
import { createRootLogger, maskPhonesInText, sqlMessageForLog, urlForLog } from './logger';

describe('log masking', () => {
  it('masks standalone phone numbers, with or without +86, and nothing inside longer runs', () => {
    expect(maskPhonesInText('{"msg":"13812345678 +8613912345678 %2B8613712345678"}')).toBe(
      '{"msg":"138****5678 +86139****5678 %2B86137****5678"}',
    );
    expect(maskPhonesInText('id a13812345678 138123456789 0f13812345678b')).toBe('id a13812345678 138123456789 0f13812345678b');
  });

  it('masks phone query parameters however they are written', () => {
    expect(urlForLog('/api/v1/users?phone=13812345678&limit=5')).toBe('/api/v1/users?phone=138****5678&limit=5');
    expect(urlForLog('/x?ownerPhone=138%201234%205678')).toBe('/x?ownerPhone=138****5678');
    expect(urlForLog('/x?mobile=%E0%A4%A')).toBe('/x?mobile=***');
  });

  it('drops the values MySQL quotes in its error messages', () => {
    expect(sqlMessageForLog("Duplicate entry '王芳-13812345678' for key 'uq'")).toBe("Duplicate entry '…' for key 'uq'");
    expect(sqlMessageForLog("Incorrect string value: '\\xF0\\x9F' for column 'name'")).toBe(
      "Incorrect string value: '…' for column 'name'",
    );
  });

  it('logs an error without its bound parameters or filled-in SQL', () => {
    const lines: string[] = [];
    const logger = createRootLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const error = Object.assign(new Error("Duplicate entry '13812345678' for key 'uq_users_phone'"), {
      query: 'INSERT INTO users (name, phone) VALUES (?, ?)',
      parameters: ['王芳', '13812345678'],
      driverError: { sql: "INSERT INTO users (name, phone) VALUES ('王芳', '13812345678')" },
    });
    logger.error({ err: error }, 'unexpected error');
    const line = JSON.parse(lines[0]);
    expect(line.err).toMatchObject({ type: 'Error', query: 'INSERT INTO users (name, phone) VALUES (?, ?)' });
    expect(lines[0]).not.toMatch(/王芳|13812345678|parameters|driverError/);
  });
});

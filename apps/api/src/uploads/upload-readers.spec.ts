import type { Caller } from '../common/auth/caller';
import { UploadReaders } from './upload-readers';

const caller = (userId: number): Caller => ({ userId, sessionId: 1, name: 'x', assignments: [] });

describe('UploadReaders', () => {
  it('lets the owner read, attached or not', async () => {
    const readers = new UploadReaders();
    expect(await readers.mayRead(caller(1), { ownerId: 1, attachedTo: null, attachedId: null })).toBe(true);
    expect(await readers.mayRead(caller(1), { ownerId: 1, attachedTo: 'ticket', attachedId: 9 })).toBe(true);
  });

  it('shows an unattached upload to nobody else', async () => {
    const readers = new UploadReaders();
    readers.register('ticket', async () => true);
    expect(await readers.mayRead(caller(2), { ownerId: 1, attachedTo: null, attachedId: null })).toBe(false);
  });

  it('asks the check registered for the kind it is attached to', async () => {
    const readers = new UploadReaders();
    readers.register('ticket', async (who, ticketId) => who.userId === 2 && ticketId === 9);
    expect(await readers.mayRead(caller(2), { ownerId: 1, attachedTo: 'ticket', attachedId: 9 })).toBe(true);
    expect(await readers.mayRead(caller(3), { ownerId: 1, attachedTo: 'ticket', attachedId: 9 })).toBe(false);
    // No check for the kind: only the owner.
    expect(await readers.mayRead(caller(2), { ownerId: 1, attachedTo: 'ticket_resolve', attachedId: 9 })).toBe(false);
  });

  it('refuses a second check for one kind, and can remove one', () => {
    const readers = new UploadReaders();
    const remove = readers.register('ticket', async () => true);
    expect(() => readers.register('ticket', async () => false)).toThrow(/already registered/);
    remove();
    expect(readers.has('ticket')).toBe(false);
    expect(() => readers.register('ticket', async () => false)).not.toThrow();
  });
});

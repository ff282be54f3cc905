import { Injectable } from '@nestjs/common';
import type { Caller } from '../common/auth/caller';
import type { Upload } from './upload.entity';

/**
 * What an upload can be attached to. 'ticket' holds the reporter's photos, 'ticket_resolve' the
 * handler's after-photos; each has its own photosPerTicketMax and tells the two stages apart. 'visit'
 * holds a grid worker's photos of a visit (民情走访).
 */
export type AttachmentKind = 'ticket' | 'ticket_resolve' | 'visit';

/** May this caller see the object `attachedId` of the registered kind (and so its photos)? */
export type UploadReadCheck = (caller: Caller, attachedId: number) => Promise<boolean>;

/**
 * Read authorization for photos, pluggable per domain. Uploads knows nothing about tickets: the tickets
 * module registers, at start-up, a check for each kind it attaches to. The rule:
 *  - the owner (who uploaded it) may always read it;
 *  - an unattached upload is readable by nobody else;
 *  - an attached one also by whoever the kind's check allows (e.g. anyone who may read that ticket).
 * Everyone else gets 404, as if it did not exist. The map is wiring fixed at boot, the same on every
 * API instance: not state a second instance would miss.
 */
@Injectable()
export class UploadReaders {
  private readonly checks = new Map<string, UploadReadCheck>();

  /** Returns a function that removes the check again (tests). Registering a kind twice is a bug. */
  register(kind: AttachmentKind, check: UploadReadCheck): () => void {
    if (this.checks.has(kind)) throw new Error(`an upload read check for '${kind}' is already registered`);
    this.checks.set(kind, check);
    return () => this.checks.delete(kind);
  }

  has(kind: string): boolean {
    return this.checks.has(kind);
  }

  async mayRead(caller: Caller, upload: Pick<Upload, 'ownerId' | 'attachedTo' | 'attachedId'>): Promise<boolean> {
    if (upload.ownerId === caller.userId) return true;
    if (upload.attachedTo === null || upload.attachedId === null) return false;
    const check = this.checks.get(upload.attachedTo);
    return check ? check(caller, upload.attachedId) : false;
  }
}

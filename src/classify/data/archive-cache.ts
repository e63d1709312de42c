// The browser's cache of a user-picked CIFAR-10 archive, parsed once: one IndexedDB record holding the
// compact bytes and their meta. A single put is atomic, so a failed parse or write leaves no entry.
// Runs in the worker (IndexedDB exists there); DOM-free.
import type { ParsedCifar } from './cifar-archive.ts';
import { type CompactBytes, type CompactMeta, compactMeta, datasetFromCompact } from './compact.ts';
import type { ImageDataset } from './dataset.ts';

const DB_NAME = 'era-playground';
const STORE = 'cifar10';
const KEY = 'compact-v1';

interface CachedRecord extends CompactBytes {
  meta: CompactMeta;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

function request<T>(store: IDBObjectStore, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = op(store);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function cacheAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

export async function loadCachedCifar(): Promise<ImageDataset | null> {
  if (!cacheAvailable()) return null;
  const db = await openDb();
  try {
    const rec = await request<CachedRecord | undefined>(db.transaction(STORE, 'readonly').objectStore(STORE), (s) => s.get(KEY));
    return rec ? datasetFromCompact(rec.meta, rec) : null;
  } finally {
    db.close();
  }
}

export async function saveCachedCifar(parsed: ParsedCifar): Promise<void> {
  if (!cacheAvailable()) return;
  const db = await openDb();
  try {
    const rec: CachedRecord = {
      meta: compactMeta(parsed.train, parsed.test, parsed.md5, parsed.checksumVerified, parsed.sha256),
      trainImages: parsed.train.images,
      trainLabels: parsed.train.labels,
      testImages: parsed.test.images,
      testLabels: parsed.test.labels,
    };
    const tx = db.transaction(STORE, 'readwrite');
    await request(tx.objectStore(STORE), (s) => s.put(rec, KEY));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } finally {
    db.close();
  }
}

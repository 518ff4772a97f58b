package org.multiprocessing4j.managers;

/**
 * Something clients acquire and release (a lock, a semaphore): what a client that went away
 * still held is released for it, so that a SIGKILLed client does not leave a managed lock
 * taken for ever (CPython's does).
 */
interface Holdings {
    /** Releases every acquisition {@code peer} still holds. */
    void releaseAllOf(Peer peer);
}

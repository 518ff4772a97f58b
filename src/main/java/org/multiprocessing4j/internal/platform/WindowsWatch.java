package org.multiprocessing4j.internal.platform;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handles of one waitReady call, sorted once into pipes, which have no waitable state
 * for data and are polled with PeekNamedPipe, sockets, which are polled with WSAPoll, and
 * objects such as processes, which are waited for. A handle given twice is looked at once,
 * as WaitForMultipleObjects refuses an array that names a handle twice; its later indices
 * follow the first.
 */
final class WindowsWatch {
    /**
     * WaitForMultipleObjects takes at most MAXIMUM_WAIT_OBJECTS (64) handles; batches keep one
     * slot spare, as CPython's multiprocessing does.
     */
    private static final int WAIT_BATCH = 63;
    private static final int MAXIMUM_WAIT_OBJECTS = 64;
    private static final WindowsKernel32 KERNEL = WindowsKernel32.INSTANCE;

    private final WindowsSockets winsock;
    private final long[] handles;
    private final int[] firstWithSameHandle;
    private final int[] pipes;
    private final int[] sockets;
    private final long[] socketHandles;
    private final int[] waitables;
    private final WinNT.HANDLE[] waitableHandles;

    WindowsWatch(long[] handles, WindowsSockets winsock) {
        this.handles = handles;
        this.winsock = winsock;
        this.firstWithSameHandle = new int[handles.length];
        Map<Long, Integer> firstIndex = new HashMap<>();
        List<Integer> pipeIndices = new ArrayList<>();
        List<Integer> socketIndices = new ArrayList<>();
        List<Integer> waitableIndices = new ArrayList<>();
        for (int i = 0; i < handles.length; i++) {
            Integer earlier = firstIndex.putIfAbsent(handles[i], i);
            firstWithSameHandle[i] = earlier == null ? i : earlier;
            if (earlier != null) {
                continue;
            }
            // A socket reports FILE_TYPE_PIPE too.
            boolean pipe = KERNEL.GetFileType(WindowsHandles.handle(handles[i])) == WinNT.FILE_TYPE_PIPE;
            if (!pipe) {
                waitableIndices.add(i);
            } else if (winsock.isSocket(handles[i])) {
                socketIndices.add(i);
            } else {
                pipeIndices.add(i);
            }
        }
        pipes = pipeIndices.stream().mapToInt(Integer::intValue).toArray();
        sockets = socketIndices.stream().mapToInt(Integer::intValue).toArray();
        socketHandles = new long[sockets.length];
        for (int i = 0; i < sockets.length; i++) {
            socketHandles[i] = handles[sockets[i]];
        }
        waitables = waitableIndices.stream().mapToInt(Integer::intValue).toArray();
        waitableHandles = new WinNT.HANDLE[waitables.length];
        for (int i = 0; i < waitables.length; i++) {
            waitableHandles[i] = WindowsHandles.handle(handles[waitables[i]]);
        }
    }

    /** The indices of the handles ready now, in ascending order; never blocks. */
    int[] ready() throws IOException {
        boolean[] ready = new boolean[handles.length];
        for (int index : pipes) {
            ready[index] = pipeReady(handles[index]);
        }
        boolean[] socketReady = winsock.ready(socketHandles, 0);
        for (int i = 0; i < sockets.length; i++) {
            ready[sockets[i]] = socketReady[i];
        }
        markSignaled(ready);
        int count = 0;
        int[] indices = new int[handles.length];
        for (int i = 0; i < ready.length; i++) {
            ready[i] = ready[firstWithSameHandle[i]];
            if (ready[i]) {
                indices[count++] = i;
            }
        }
        return Arrays.copyOf(indices, count);
    }

    /**
     * Whether a pipe has bytes to read or is at its end. Any failure counts as ready, as
     * poll reports POLLERR and POLLNVAL: the read that follows reports the end (broken
     * pipe) or the error.
     */
    private static boolean pipeReady(long pipe) {
        IntByReference available = new IntByReference();
        if (!KERNEL.PeekNamedPipe(WindowsHandles.handle(pipe), null, 0, null, available, null)) {
            return true;
        }
        return available.getValue() != 0;
    }

    /**
     * Marks every signaled waitable. WaitForMultipleObjects names only the first signaled
     * handle of a batch, so the search goes on after it until every handle was looked at.
     */
    private void markSignaled(boolean[] ready) throws IOException {
        int start = 0;
        while (start < waitables.length) {
            int count = Math.min(WAIT_BATCH, waitables.length - start);
            WinNT.HANDLE[] batch = start == 0 && count == waitables.length
                    ? waitableHandles : Arrays.copyOfRange(waitableHandles, start, start + count);
            int hit = signaledIndex(KERNEL.WaitForMultipleObjects(count, batch, false, 0), count);
            if (hit < 0) {
                start += count;
            } else {
                ready[waitables[start + hit]] = true;
                start += hit + 1;
            }
        }
    }

    /**
     * Whether waiting can be left to the system instead of polling: to WaitForMultipleObjects
     * when there are only waitables, to WSAPoll when there are only sockets.
     */
    boolean canBlock() {
        if (pipes.length != 0) {
            return false;
        }
        if (sockets.length == 0) {
            return waitables.length > 0 && waitables.length < MAXIMUM_WAIT_OBJECTS;
        }
        return waitables.length == 0;
    }

    /**
     * Waits until a waitable is signaled, or a socket is ready, or {@code millis} passed
     * (negative: no limit); only when {@link #canBlock()}.
     */
    void block(long millis) throws IOException {
        if (sockets.length > 0) {
            winsock.ready(socketHandles, millis);
            return;
        }
        int timeout = millis < 0 ? WinBase.INFINITE : (int) Math.min(millis, Integer.MAX_VALUE);
        signaledIndex(KERNEL.WaitForMultipleObjects(waitables.length, waitableHandles, false, timeout),
                waitables.length);
    }

    /**
     * The batch index a WaitForMultipleObjects result names, or -1 on time-out. An abandoned
     * mutex counts as signaled: it is owned now, as after a normal wait.
     */
    private static int signaledIndex(int result, int count) throws IOException {
        if (result >= WinBase.WAIT_OBJECT_0 && result < WinBase.WAIT_OBJECT_0 + count) {
            return result - WinBase.WAIT_OBJECT_0;
        }
        if (result >= WinBase.WAIT_ABANDONED_0 && result < WinBase.WAIT_ABANDONED_0 + count) {
            return result - WinBase.WAIT_ABANDONED_0;
        }
        if (result == WinError.WAIT_TIMEOUT) {
            return -1;
        }
        throw WindowsHandles.lastError("WaitForMultipleObjects");
    }
}

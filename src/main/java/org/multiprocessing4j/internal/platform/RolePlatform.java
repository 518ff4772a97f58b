package org.multiprocessing4j.internal.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@link Platform} interface over the role objects of one system, while the callers still
 * use the interface; they move to the roles next.
 */
final class RolePlatform implements Platform {
    private final Processes processes;
    private final Descriptors descriptors;
    private final Endpoints endpoints;
    private final Segments segments;
    private final HandlePassing handlePassing;
    private final boolean windows;

    private RolePlatform(Processes processes, Descriptors descriptors, Endpoints endpoints, Segments segments,
                         HandlePassing handlePassing, boolean windows) {
        this.processes = processes;
        this.descriptors = descriptors;
        this.endpoints = endpoints;
        this.segments = segments;
        this.handlePassing = handlePassing;
        this.windows = windows;
    }

    /**
     * The roles for {@code osName}, wired to one another where they share state (the sockets of
     * Windows) or primitives (POSIX descriptors made close-on-exec).
     */
    static Platform forSystem(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            WindowsSockets sockets = new WindowsSockets();
            WindowsDescriptors descriptors = new WindowsDescriptors(sockets);
            return new RolePlatform(new WindowsProcesses(), descriptors, new WindowsEndpoints(sockets, descriptors),
                    new WindowsSegments(), new WindowsHandlePassing(), true);
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            MacDescriptors descriptors = new MacDescriptors();
            return new RolePlatform(new MacProcesses(descriptors), descriptors, new MacEndpoints(), new MacSegments(),
                    new PosixHandlePassing(PosixHandlePassing.Layout.MAC, descriptors), false);
        }
        if (os.startsWith("linux")) {
            LinuxDescriptors descriptors = new LinuxDescriptors();
            return new RolePlatform(new LinuxProcesses(descriptors), descriptors, new LinuxEndpoints(), new LinuxSegments(),
                    new PosixHandlePassing(PosixHandlePassing.Layout.LINUX, descriptors), false);
        }
        throw new UnsupportedOperationException("multiprocessing4j does not support " + osName);
    }

    @Override
    public ChildProcess spawn(SpawnRequest request) throws IOException {
        return processes.spawn(request);
    }

    @Override
    public long[] duplexPair() throws IOException {
        return descriptors.duplexPair();
    }

    @Override
    public long[] pipe() throws IOException {
        return descriptors.pipe();
    }

    @Override
    public void write(long handle, byte[] buffer, int offset, int length) throws IOException {
        descriptors.write(handle, buffer, offset, length);
    }

    @Override
    public int read(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        return descriptors.read(handle, buffer, offset, length);
    }

    @Override
    public void write(long handle, NativeBuffer buffer, int offset, int length) throws IOException {
        descriptors.write(handle, buffer, offset, length);
    }

    @Override
    public long listen(Endpoint endpoint, int backlog) throws IOException {
        return endpoints.listen(endpoint, backlog);
    }

    @Override
    public Endpoint localEndpoint(long listener, Endpoint requested) throws IOException {
        return endpoints.localEndpoint(listener, requested);
    }

    @Override
    public Accepted accept(long listener, Endpoint endpoint) throws IOException {
        return endpoints.accept(listener, endpoint);
    }

    @Override
    public long connect(Endpoint endpoint) throws IOException {
        return endpoints.connect(endpoint);
    }

    @Override
    public Endpoint.Family defaultFamily() {
        return endpoints.defaultFamily();
    }

    @Override
    public void close(long handle) {
        descriptors.close(handle);
    }

    @Override
    public int[] waitReady(long[] handles, long timeoutMillis) throws IOException {
        return descriptors.waitReady(handles, timeoutMillis);
    }

    @Override
    public String signalName(int signal) {
        return processes.signalName(signal);
    }

    @Override
    public String javaLauncherName() {
        return processes.javaLauncherName();
    }

    @Override
    public long createSharedMemory(long size) throws IOException {
        return segments.createAnonymous(size);
    }

    @Override
    public long openSharedMemory(String name, boolean create, long size) throws IOException {
        return segments.open(name, create, size);
    }

    @Override
    public long sharedMemorySize(long handle) throws IOException {
        return segments.size(handle);
    }

    @Override
    public void unlinkSharedMemory(String name) throws IOException {
        segments.unlink(name);
    }

    @Override
    public ByteBuffer mapSharedMemory(long handle, long size) throws IOException {
        return segments.map(handle, size);
    }

    @Override
    public void awaitWord(ByteBuffer mapped, int offset, int expected, long timeoutNanos) {
        segments.awaitWord(mapped, offset, expected, timeoutNanos);
    }

    @Override
    public void wakeWord(ByteBuffer mapped, int offset, int count) {
        segments.wakeWord(mapped, offset, count);
    }

    @Override
    public boolean passesHandles() {
        return handlePassing.isSupported();
    }

    @Override
    public long[] handleChannel() throws IOException {
        return handlePassing.channel();
    }

    @Override
    public long duplicate(long handle) throws IOException {
        return handlePassing.duplicate(handle);
    }

    @Override
    public void sendHandles(long channel, long[] handles) throws IOException {
        handlePassing.send(channel, handles);
    }

    @Override
    public long[] receiveHandles(long channel, int count) throws IOException {
        return handlePassing.receive(channel, count);
    }

    @Override
    public List<String> childJvmOptions(Path cacheDirectory, List<String> userOptions) {
        return processes.childJvmOptions(cacheDirectory, userOptions);
    }

    @Override
    public int cLongSize() {
        return windows ? 4 : 8;
    }

    @Override
    public int wcharSize() {
        return windows ? 2 : 4;
    }

    @Override
    public boolean processRuns(long pid) {
        return processes.isRunning(pid);
    }

    @Override
    public long processExitHandle(long pid) throws IOException {
        return processes.exitHandle(pid);
    }
}

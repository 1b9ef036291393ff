package io.jenkins.plugins.stackdeploy.command;

/**
 * The POSIX commands that lay out a release on a host: directories, files written from stdin,
 * the lock directory, the {@code current} link. One word per argument; contents always travel on
 * stdin, never in a command line.
 */
public final class HostCommands {

    private HostCommands() {}

    public static Command mkdirs(String path) {
        return Command.of("mkdir", "--parents", path);
    }

    /** Creates exactly one directory and fails when it exists: the lock. */
    public static Command mkdir(String path) {
        return Command.of("mkdir", path);
    }

    /** Writes stdin to {@code path}, replacing it (an existing file keeps its mode). */
    public static Command writeFile(String path) {
        return Command.of("dd", "of=" + path, "status=none");
    }

    /** Appends stdin to {@code path}, creating it. */
    public static Command appendFile(String path) {
        return Command.of("dd", "of=" + path, "oflag=append", "conv=notrunc", "status=none");
    }

    /** Creates an empty file readable only by its owner, before a secret is written into it. */
    public static Command createPrivateFile(String path) {
        return Command.of("install", "-m", "600", "/dev/null", path);
    }

    public static Command readFile(String path) {
        return Command.of("cat", path);
    }

    /** Renames, also over an existing link; atomic on one filesystem. */
    public static Command rename(String from, String to) {
        return Command.of("mv", "-T", from, to);
    }

    public static Command symlink(String target, String link) {
        return Command.of("ln", "-sfn", target, link);
    }

    public static Command readLink(String link) {
        return Command.of("readlink", link);
    }

    public static Command removeTree(String path) {
        return Command.of("rm", "-rf", path);
    }

    public static Command list(String dir) {
        return Command.of("ls", "-1", dir);
    }

    /** Free space of the filesystem holding {@code path}, POSIX format, in KiB. */
    public static Command freeSpace(String path) {
        return Command.of("df", "-Pk", path);
    }

    /** A private (0700) temporary directory; prints its path. */
    public static Command makeTempDir() {
        return Command.of("mktemp", "-d", "-t", "stackdeploy-docker.XXXXXXXX");
    }

    /** Succeeds when {@code path} is a directory. */
    public static Command isDirectory(String path) {
        return Command.of("test", "-d", path);
    }

    /** Sets {@code path}'s modification time to now; never creates it. */
    public static Command touch(String path) {
        return Command.of("touch", "--no-create", path);
    }

    /** Prints {@code path}'s modification time in seconds since the epoch. */
    public static Command modificationTime(String path) {
        return Command.of("stat", "--format", "%Y", path);
    }

    /** Prints the host's clock in seconds since the epoch. */
    public static Command epochSeconds() {
        return Command.of("date", "+%s");
    }
}

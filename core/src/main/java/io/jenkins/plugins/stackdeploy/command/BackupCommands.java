package io.jenkins.plugins.stackdeploy.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a backup and a restore, run on the host. The tools (pg_dump, redis-cli,
 * redis-check-rdb) run inside the stack's own containers through {@code docker compose exec -T};
 * pipes and exit statuses are handled by short POSIX {@code sh} scripts that take every value as a
 * positional parameter, so nothing from a configuration is ever parsed by a shell.
 *
 * <p>A password reaches a tool only through {@link #withSecretEnv}: the first line of stdin is
 * exported as the named variable, and {@code docker compose exec -e NAME} passes it on.
 */
public final class BackupCommands {

    /**
     * {@code out comp cmd…}: runs {@code cmd} with its output through {@code comp} into {@code out}.
     * A failing command or a failing write removes {@code out} and exits non-zero (POSIX sh has no
     * pipefail, so the command's status travels through a file). Prints the sha256 and the size.
     */
    static final String DUMP_SCRIPT =
            """
            out=$1; comp=$2; shift 2
            st=$(mktemp) || exit 1
            { "$@" </dev/null; echo $? >"$st"; } | $comp >"$out"
            piped=$?
            dumped=$(cat "$st"); rm -f "$st"
            if [ "$dumped" != 0 ]; then rm -f "$out"; exit "${dumped:-1}"; fi
            if [ "$piped" != 0 ]; then rm -f "$out"; echo "could not write $out" >&2; exit "$piped"; fi
            if [ ! -s "$out" ]; then rm -f "$out"; echo "the output was empty" >&2; exit 1; fi
            sha256sum "$out" | cut -d ' ' -f 1
            wc -c <"$out"
            """;

    /** {@code file cmd…}: runs {@code cmd} with {@code file} as its stdin. */
    static final String FROM_FILE_SCRIPT = """
            f=$1; shift
            exec "$@" <"$f"
            """;

    /** {@code file decompress cmd…}: runs {@code cmd} with {@code file}, decompressed, as its stdin. */
    static final String DECOMPRESSED_SCRIPT =
            """
            f=$1; d=$2; shift 2
            st=$(mktemp) || exit 1
            { $d "$f"; echo $? >"$st"; } | "$@"
            ran=$?
            unpacked=$(cat "$st"); rm -f "$st"
            if [ "$unpacked" != 0 ]; then exit "${unpacked:-1}"; fi
            exit "$ran"
            """;

    /**
     * {@code reader…}: the rows of every table in the PostgreSQL custom-format dump on stdin, as
     * {@code table<TAB>rows} lines, by reading its data through {@code reader} ({@code pg_restore
     * --data-only --file=-}); fails when the reader does. Run inside the database's container, so
     * that only the counts cross Docker's exec stream. Reading every data block is also what proves
     * the dump complete.
     */
    static final String ROWS_SCRIPT =
            """
            st=$(mktemp) || exit 1
            { "$@"; echo $? >"$st"; } | awk '
              /^COPY .* FROM stdin;$/ { t = $0; sub(/^COPY /, "", t); sub(/ \\(.*\\) FROM stdin;$/, "", t);
                                        sub(/ FROM stdin;$/, "", t); n = 0; copying = 1; next }
              copying && $0 == "\\\\." { print t "\\t" n; copying = 0; next }
              copying { n++ }'
            code=$(cat "$st"); rm -f "$st"
            exit "${code:-1}"
            """;

    /** {@code file decompress}: the number of entries of a compressed tar archive; fails on a damaged one. */
    static final String TAR_ENTRIES_SCRIPT =
            """
            f=$1; d=$2
            l=$(mktemp) || exit 1
            st=$(mktemp) || exit 1
            { $d "$f"; echo $? >"$st"; } | tar -tf - >"$l"
            code=$?
            unpacked=$(cat "$st"); rm -f "$st"
            if [ "$unpacked" != 0 ]; then code=${unpacked:-1}; fi
            if [ "$code" = 0 ]; then wc -l <"$l"; fi
            rm -f "$l"
            exit "$code"
            """;

    /** {@code container path}: the number of entries under {@code path} in the container, as {@code docker cp} sees them. */
    static final String CONTAINER_ENTRIES_SCRIPT =
            """
            l=$(mktemp) || exit 1
            docker cp "$1:$2" - | tar -tf - >"$l"
            code=$?
            if [ "$code" = 0 ]; then wc -l <"$l"; fi
            rm -f "$l"
            exit "$code"
            """;

    /** {@code file decompress container dest}: the file, decompressed, copied into the container as {@code dest}. */
    static final String COPY_INTO_SCRIPT =
            """
            f=$1; d=$2; c=$3; dest=$4
            t=$(mktemp) || exit 1
            $d "$f" >"$t" && chmod 0644 "$t" && docker cp "$t" "$c:$dest"
            code=$?
            rm -f "$t"
            exit "$code"
            """;

    /** {@code name cmd…}: the first line of stdin exported as {@code name}, then {@code cmd}. */
    static final String SECRET_ENV_SCRIPT =
            """
            IFS= read -r value || [ -n "$value" ]
            export "$1=$value"
            shift
            exec "$@"
            """;

    /** Counts the rows of every table, exactly, as {@code table<TAB>rows} lines. */
    public static final String TABLE_ROWS_QUERY = "select format('%I.%I', table_schema, table_name),"
            + " (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I',"
            + " table_schema, table_name), false, true, '')))[1]::text"
            + " from information_schema.tables where table_type = 'BASE TABLE'"
            + " and table_schema not in ('pg_catalog', 'information_schema') order by 1";

    private BackupCommands() {}

    /** How a file of a set is compressed: the program that compresses to stdout, and the ones that test and expand it. */
    public enum Compression {
        /** pg_dump's custom format compresses itself. */
        NONE("cat", null, "cat", ""),
        GZIP("gzip -c", "gzip -t", "gzip -dc", ".gz"),
        ZSTD("zstd -q -c", "zstd -q -t", "zstd -q -dc", ".zst");

        private final String compress;
        private final String test;
        private final String expand;
        private final String suffix;

        Compression(String compress, String test, String expand, String suffix) {
            this.compress = compress;
            this.test = test;
            this.expand = expand;
            this.suffix = suffix;
        }

        public static Compression named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        /** How a manifest names it: {@code gzip}, {@code zstd}, or {@code pg_dump} (the custom format's own). */
        public String label() {
            return this == NONE ? "pg_dump" : name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The compression a manifest's label names. */
        public static Compression ofLabel(String label) {
            return switch (label) {
                case "gzip" -> GZIP;
                case "zstd" -> ZSTD;
                default -> NONE;
            };
        }

        public String suffix() {
            return suffix;
        }

        /** The program that must exist on the host, or null. */
        public String program() {
            return this == NONE ? null : compress.split(" ")[0];
        }
    }

    private static Command sh(String script, List<String> args) {
        List<String> words = new ArrayList<>(List.of("-c", script, "sh"));
        words.addAll(args);
        return Command.builder("sh").addAll(words).build();
    }

    private static List<String> words(String first, Command rest) {
        List<String> words = new ArrayList<>(List.of(first));
        words.addAll(rest.argv());
        return words;
    }

    private static void requirePlain(Command command) {
        if (!command.secrets().isEmpty()) {
            throw new IllegalArgumentException("secrets go on stdin, not into a backup command");
        }
    }

    /**
     * {@code docker compose --project-name stack exec -T [-e NAME]… service argv…}: a tool in the
     * service's running container. A project name is all Compose needs to find it.
     */
    public static Command exec(String stack, String service, List<String> passEnv, String... argv) {
        Command.Builder builder = Command.builder("docker").add("compose", "--project-name", stack, "exec", "-T");
        passEnv.forEach(name -> builder.add("-e", name));
        return builder.add(service).add(argv).build();
    }

    /** {@code docker compose --project-name stack stop|start service}. */
    public static Command service(String stack, String action, String service) {
        return services(stack, action, List.of(service));
    }

    /** {@code docker compose --project-name STACK ACTION SERVICE…}, e.g. stop or start. */
    public static Command services(String stack, String action, List<String> services) {
        List<String> args = new ArrayList<>(List.of("compose", "--project-name", stack, action));
        args.addAll(services);
        return Command.of("docker", args.toArray(String[]::new));
    }

    /** The services of the stack with a running container, one a line. */
    public static Command runningServices(String stack) {
        return Command.of("docker", "compose", "--project-name", stack, "ps", "--services", "--status", "running");
    }

    /** The id of the service's container, running or not. */
    public static Command containerId(String stack, String service) {
        return Command.of("docker", "compose", "--project-name", stack, "ps", "--all", "--quiet", service);
    }

    /** {@code {"Image": …, "Mounts": […]}} of a container. */
    public static Command containerMounts(String container) {
        return Command.of("docker", "inspect", "--type", "container", "--format", "{{json .Mounts}}", container);
    }

    /** {@code command} with the first line of its stdin exported as {@code name}. */
    public static Command withSecretEnv(String name, Command command) {
        requirePlain(command);
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(command.argv());
        return sh(SECRET_ENV_SCRIPT, args);
    }

    /** {@code dump}'s output, compressed, into {@code out}; prints its sha256 and size; no file when it fails. */
    public static Command dumpTo(String out, Compression compression, Command dump) {
        requirePlain(dump);
        List<String> args = new ArrayList<>(List.of(out, compression.compress));
        args.addAll(dump.argv());
        return sh(DUMP_SCRIPT, args);
    }

    /** {@code docker cp container:path -}: the path as a tar stream. */
    public static Command archive(String container, String path) {
        return Command.of("docker", "cp", container + ":" + path, "-");
    }

    /** {@code command} reading {@code file}. */
    public static Command fromFile(String file, Command command) {
        requirePlain(command);
        return sh(FROM_FILE_SCRIPT, words(file, command));
    }

    /** {@code command} reading {@code file} decompressed; fails when either fails. */
    public static Command fromDecompressed(String file, Compression compression, Command command) {
        requirePlain(command);
        List<String> args = new ArrayList<>(List.of(file, compression.expand));
        args.addAll(command.argv());
        return sh(DECOMPRESSED_SCRIPT, args);
    }

    /**
     * {@code table<TAB>rows} for every table of the custom-format dump {@code file}, counted by
     * {@code pg_restore} and {@code awk} inside the service's container (its image needs {@code sh}
     * and {@code awk}, as the official PostgreSQL images have).
     */
    public static Command dumpRows(String stack, String service, String file) {
        return fromFile(
                file,
                exec(
                        stack,
                        service,
                        List.of(),
                        "sh",
                        "-c",
                        ROWS_SCRIPT,
                        "sh",
                        "pg_restore",
                        "--data-only",
                        "--file=-"));
    }

    /** The row-counting script over any reader of stdin. */
    static Command rows(Command reader) {
        requirePlain(reader);
        return sh(ROWS_SCRIPT, reader.argv());
    }

    /** Tests the compressed file's integrity (its whole stream). */
    public static Command testCompressed(String file, Compression compression) {
        return Command.builder(compression.test.split(" ")[0])
                .add(compression.test.split(" ")[1])
                .add(file)
                .build();
    }

    /** The number of entries of a compressed tar archive. */
    public static Command tarEntries(String file, Compression compression) {
        return sh(TAR_ENTRIES_SCRIPT, List.of(file, compression.expand));
    }

    /** The number of entries under {@code path} in the container. */
    public static Command containerEntries(String container, String path) {
        return sh(CONTAINER_ENTRIES_SCRIPT, List.of(container, path));
    }

    /** The file, decompressed, copied into the container at {@code dest}. */
    public static Command copyInto(String file, Compression compression, String container, String dest) {
        return sh(COPY_INTO_SCRIPT, List.of(file, compression.expand, container, dest));
    }

    /** A compressed tar archive untarred into the container's directory {@code parent}, owners and modes as archived. */
    public static Command untarInto(String file, Compression compression, String container, String parent) {
        return fromDecompressed(
                file, compression, Command.of("docker", "cp", "--archive", "-", container + ":" + parent));
    }

    /**
     * Empties {@code path} (a mount of {@code container}) from a throw-away container of {@code
     * image} that shares the container's volumes, so it works whether the service runs or not.
     */
    public static Command emptyMountedPath(String container, String image, String path) {
        return Command.of(
                "docker",
                "run",
                "--rm",
                "--volumes-from",
                container,
                "--entrypoint",
                "find",
                image,
                path,
                "-mindepth",
                "1",
                "-maxdepth",
                "1",
                "-exec",
                "rm",
                "-rf",
                "{}",
                "+");
    }

    /** The image of a container. */
    public static Command containerImage(String container) {
        return Command.of("docker", "inspect", "--type", "container", "--format", "{{.Image}}", container);
    }

    public static Command sha256(String file) {
        return Command.of("sha256sum", file);
    }

    /** {@code command -v program}: whether a program exists on the host. */
    public static Command hasProgram(String program) {
        return Command.of("sh", "-c", "command -v \"$1\" >/dev/null", "sh", program);
    }

    /** The sets of a backups directory: for each, a {@code @@ id} line and its manifest. */
    public static Command listSets(String backupsDir) {
        return sh(
                """
                cd "$1" 2>/dev/null || exit 0
                for d in */; do
                  [ -d "$d" ] || continue
                  printf '@@ %s\\n' "${d%/}"
                  cat "${d}manifest.json" 2>/dev/null
                  printf '\\n'
                done
                """,
                List.of(backupsDir));
    }
}

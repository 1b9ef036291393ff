package io.jenkins.plugins.stackdeploy.deploy;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.testsupport.LatencyProxy;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import io.jenkins.plugins.stackdeploy.testsupport.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The composeDeploy benchmark ({@code bench/deploy.sh}): the fixture's stack over real sshd onto
 * the real engine, against the raw commands a deploy script runs, in one run.
 *
 * <ol>
 *   <li>deploy of a new release to one host vs {@code ssh host 'cd dir && docker compose pull &&
 *       docker compose up -d'} plus the same health wait (target ≤ 1.10×);
 *   <li>rollback latency, from the failed gate to the previous release healthy, vs a raw {@code up}
 *       of the previous release plus the same health wait (target ≤ 1.20×);
 *   <li>a deploy to 3 hosts in parallel vs to 1 host (target ≤ 1.30×).
 * </ol>
 *
 * For reference, without a target of their own: the raw commands' 3-vs-1 ratio, stackdeploy vs
 * raw at 3 hosts, both to a host 50 ms of round trip away (a {@link LatencyProxy}), and the CPU
 * time the whole machine spends per deploy — on one machine the 3 "hosts" share its CPUs and its
 * engine. Prints one line per figure with the medians and ratios; exits 1 when a target is missed.
 */
public final class DeployBenchmark {

    /** The raw health wait: web's container of project %s polled every 0.25 s (as the gate polls) until healthy. */
    private static final String HEALTH_WAIT = "id=$(docker compose --project-name %s ps -q web)"
            + " && until [ \"$(docker inspect --format '{{.State.Health.Status}}' $id)\" = healthy ];"
            + " do sleep 0.25; done";

    /** Half the round trip to the "far" host, through a {@link LatencyProxy}. */
    private static final long FAR_ONE_WAY_MILLIS = 25;

    private final List<String> timedLines = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> lineTimes = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.exit(new DeployBenchmark().run(runs) ? 0 : 1);
    }

    private boolean run(int runs) throws Exception {
        Path repo = Files.createTempDirectory("stackdeploy-bench-repo-");
        Path shared = Files.createTempDirectory("stackdeploy-bench-remote-");
        Path own2 = Files.createTempDirectory("stackdeploy-bench-h2-");
        Path own3 = Files.createTempDirectory("stackdeploy-bench-h3-");
        try (SshHost first = SshHost.start("127.0.0.1");
                SshHost second = SshHost.startSimulated("127.0.0.2", shared, own2, "-h2");
                SshHost third = SshHost.startSimulated("127.0.0.3", shared, own3, "-h3");
                LatencyProxy far = new LatencyProxy(first.host(), first.port(), FAR_ONE_WAY_MILLIS)) {
            second.authorize(first);
            third.authorize(first);
            String targets = target("single", first.host() + ":" + first.port(), first, shared)
                    + target("far", first.host() + ":" + far.port(), first, shared);
            try (DeployFixture stack = new DeployFixture(repo, List.of(first, second, third), targets, shared)) {
                Files.writeString(
                        stack.repo.resolve("known_hosts"),
                        first.knownHostsLine(far.port()) + "\n",
                        StandardOpenOption.APPEND);
                return measure(stack, List.of(first, second, third), far.port(), runs);
            }
        } finally {
            for (Path dir : List.of(repo, shared, own2, own3)) {
                TempDirs.deleteRecursively(dir);
            }
        }
    }

    private static String target(String name, String address, SshHost host, Path dir) {
        return "  " + name + ":\n"
                + "    hosts: [\"" + address + "\"]\n"
                + "    user: " + host.user() + "\n"
                + "    dir: " + dir + "\n"
                + "    knownHosts: known_hosts\n";
    }

    private boolean measure(DeployFixture stack, List<SshHost> hosts, int farPort, int runs) throws Exception {
        SshHost host = hosts.get(0);
        String raw = stack.stack + "-raw";
        Path rawGood = rawRelease(stack, "good", true);
        Path rawBad = rawRelease(stack, "bad", false);
        List<Path> rawDirs = new ArrayList<>(List.of(rawGood));
        for (int i = 1; i < hosts.size(); i++) {
            rawDirs.add(rawRelease(stack, "good-" + i, true));
        }
        // Warm up both paths: networks created, images resolved, the JIT past its first compilations.
        for (int i = 0; i < 3; i++) {
            deploy(stack, "single", true, "warm-up-" + i);
            deploy(stack, "production", true, "warm-up-" + i);
            rawDeploy(host, rawGood, raw, "warm-up-" + i);
        }

        List<Long> ours = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        List<Long> three = new ArrayList<>();
        List<Long> rawThree = new ArrayList<>();
        List<Long> oursCpu = new ArrayList<>();
        List<Long> theirsCpu = new ArrayList<>();
        List<Long> threeCpu = new ArrayList<>();
        List<Long> rawThreeCpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ours.add(time(() -> deploy(stack, "single", true, "run-" + System.nanoTime()), oursCpu));
            theirs.add(time(() -> rawDeploy(host, rawGood, raw, "run-" + System.nanoTime()), theirsCpu));
            three.add(time(() -> deploy(stack, "production", true, "run-" + System.nanoTime()), threeCpu));
            rawThree.add(time(
                    () -> CompletableFuture.allOf(IntStream.range(0, hosts.size())
                                    .mapToObj(h -> CompletableFuture.runAsync(() -> {
                                        try {
                                            rawDeploy(hosts.get(h), rawDirs.get(h), raw, "run-" + System.nanoTime());
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    }))
                                    .toArray(CompletableFuture[]::new))
                            .join(),
                    rawThreeCpu));
        }

        List<Long> rollback = new ArrayList<>();
        List<Long> rawRollback = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            deploy(stack, "single", true, "good-" + i);
            timedLines.clear();
            lineTimes.clear();
            DeployResult bad = deploy(stack, "single", false, "bad-" + i);
            if (bad.outcome() != DeployOutcome.ROLLED_BACK) {
                throw new IllegalStateException("the broken release was not rolled back: " + bad);
            }
            rollback.add(between("failed the health gate", "is running and healthy again"));

            rawDeploy(host, rawGood, raw, "good-" + i);
            check(host.ssh("cd " + rawBad + " && docker compose -p " + raw + " up --detach --quiet-pull"
                    + " && until [ \"$(docker inspect --format '{{.State.Health.Status}}' " + raw
                    + "-web-1)\" = unhealthy ]; do sleep 0.25; done"));
            rawRollback.add(time(() -> check(host.ssh("cd " + rawGood + " && docker compose -p " + raw
                    + " up --detach && " + HEALTH_WAIT.formatted(raw)))));
        }

        // A host a round trip of 2 × FAR_ONE_WAY_MILLIS away, as production hosts are from a CI server.
        List<Long> far = new ArrayList<>();
        List<Long> rawFar = new ArrayList<>();
        deploy(stack, "far", true, "warm-up-far");
        for (int i = 0; i < runs; i++) {
            far.add(time(() -> deploy(stack, "far", true, "far-" + System.nanoTime())));
            rawFar.add(time(() ->
                    rawDeploy(command -> host.sshVia(farPort, command), rawGood, raw, "far-" + System.nanoTime())));
        }

        if (System.getenv("BENCH_TRACE") != null) {
            timedLines.clear();
            lineTimes.clear();
            long t0 = System.nanoTime();
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            deploy(stack, System.getenv("BENCH_TRACE"), true, "trace");
            System.out.println("JVM CPU ms: " + (os.getProcessCpuTime() - cpu0) / 1_000_000);
            for (int i = 0; i < timedLines.size(); i++) {
                String line = timedLines.get(i);
                System.out.printf(
                        "%6d %s%n",
                        (lineTimes.get(i) - t0) / 1_000_000, line.substring(0, Math.min(150, line.length())));
            }
        }
        boolean met = true;
        System.out.println("composeDeploy, medians of " + runs + " runs (ms):");
        met &= report("deploy, 1 host", "stackdeploy", ours, "raw ssh pull + up -d + health wait", theirs, 1.10);
        met &= report(
                "rollback latency",
                "failed gate → previous healthy",
                rollback,
                "raw up -d + health wait",
                rawRollback,
                1.20);
        met &= report("3 hosts in parallel vs 1", "3 hosts", three, "1 host", ours, 1.30);
        report("  the same, raw (reference)", "3 hosts", rawThree, "1 host", theirs, 1.30);
        // On one machine the "hosts" share its CPUs and its one engine: these lines separate what stackdeploy adds.
        report("  3 hosts, vs raw (ref.)", "stackdeploy", three, "raw", rawThree, 1.10);
        report("  " + 2 * FAR_ONE_WAY_MILLIS + " ms round trip (ref.)", "stackdeploy", far, "raw", rawFar, 1.10);
        System.out.printf(
                Locale.ROOT,
                "machine CPU time per deploy (ms, all processes, on %d CPUs): 1 host stackdeploy %d, raw %d;"
                        + " 3 hosts stackdeploy %d, raw %d%n",
                Runtime.getRuntime().availableProcessors(),
                median(oursCpu),
                median(theirsCpu),
                median(threeCpu),
                median(rawThreeCpu));
        return met;
    }

    private DeployResult deploy(DeployFixture stack, String target, boolean healthy, String value) throws Exception {
        Console console = Console.of(
                line -> {
                    lineTimes.add(System.nanoTime());
                    timedLines.add(line);
                },
                new Redactor(List.of()));
        DeployResult result = new ComposeDeployer()
                .deploy(stack.request(target, DeployFixture.env(healthy, value), null, null), console);
        if (healthy && result.outcome() != DeployOutcome.DEPLOYED) {
            throw new IllegalStateException("deploy to " + target + " failed:\n" + String.join("\n", timedLines));
        }
        return result;
    }

    /** A copy of the release as a deploy script keeps it: compose file, conf/ and its .env. */
    private static Path rawRelease(DeployFixture stack, String name, boolean healthy) throws Exception {
        Path dir = Files.createDirectories(stack.repo.resolve("raw-" + name));
        Files.copy(stack.repo.resolve("docker-compose.prod.yml"), dir.resolve("docker-compose.yml"));
        Files.createDirectories(dir.resolve("conf"));
        Files.copy(stack.repo.resolve("conf/greeting.txt"), dir.resolve("conf/greeting.txt"));
        Files.writeString(dir.resolve(".env"), DeployFixture.env(healthy, "raw"));
        return dir;
    }

    private static void rawDeploy(SshHost host, Path dir, String project, String value) throws Exception {
        rawDeploy(host::ssh, dir, project, value);
    }

    private interface Remote {
        ExecResult ssh(String command) throws Exception;
    }

    private static void rawDeploy(Remote host, Path dir, String project, String value) throws Exception {
        // A changed value, as a new release has: compose recreates the container.
        String env = DeployFixture.env(true, value).replace("\n", "\\n");
        check(host.ssh("cd " + dir + " && printf '" + env + "' > .env"
                + " && docker compose --project-name " + project + " pull --ignore-pull-failures"
                + " && docker compose --project-name " + project + " up -d && " + HEALTH_WAIT.formatted(project)));
    }

    private static void check(ExecResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "raw command failed (exit " + result.exitCode() + "): " + result.stdout() + result.stderr());
        }
    }

    private long between(String from, String to) {
        long start = -1;
        for (int i = 0; i < timedLines.size(); i++) {
            String line = timedLines.get(i);
            if (start < 0 && line.contains(from)) {
                start = lineTimes.get(i);
            } else if (start >= 0 && line.contains(to)) {
                return (lineTimes.get(i) - start) / 1_000_000;
            }
        }
        throw new IllegalStateException("no `" + from + "` … `" + to + "` in:\n" + String.join("\n", timedLines));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long time(Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Times {@code step} and adds the CPU time the whole machine spent meanwhile to {@code cpu}. */
    private static long time(Step step, List<Long> cpu) throws Exception {
        long busy = machineCpuMillis();
        long took = time(step);
        cpu.add(machineCpuMillis() - busy);
        return took;
    }

    /** The CPU time all processes have used since boot: /proc/stat's first line without idle and iowait. */
    private static long machineCpuMillis() throws Exception {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long ticks = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                ticks += Long.parseLong(fields[i]);
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static boolean report(
            String what, String oursName, List<Long> ours, String theirsName, List<Long> theirs, double target) {
        long a = median(ours);
        long b = median(theirs);
        double ratio = (double) a / b;
        boolean met = ratio <= target;
        System.out.printf(
                Locale.ROOT,
                "  %-26s %s %d vs %s %d: ratio %.2f (target ≤ %.2f: %s)   [runs %s vs %s]%n",
                what,
                oursName,
                a,
                theirsName,
                b,
                ratio,
                target,
                met ? "met" : "MISSED",
                ours,
                theirs);
        return met;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

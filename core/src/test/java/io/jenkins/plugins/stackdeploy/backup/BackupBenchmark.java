package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.exec.ExecResult;
import io.jenkins.plugins.stackdeploy.testsupport.SshHost;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backupStack benchmark ({@code bench/backup.sh}): a PostgreSQL database of at least 1 GiB in
 * the fixture's stack, over real sshd, in one run:
 *
 * <ol>
 *   <li>the raw {@code pg_dump -Fc | gzip > file} on the host, over ssh;
 *   <li>{@code backup}: the dump into the set, its sha256, and its verification ({@code pg_restore
 *       --list} and a read of every data block) — throughput vs the raw command (target ≥ 0.90×);
 *   <li>{@code backup --download}: the same, with the set streamed into a local directory through
 *       this JVM, whose heap is sampled every 10 ms — peak above its idle baseline (target ≤ 64
 *       MiB).
 * </ol>
 */
public final class BackupBenchmark {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long MIB = 1024L * 1024;

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_600_000;
        System.exit(new BackupBenchmark().run(rows) ? 0 : 1);
    }

    private boolean run(long rows) throws Exception {
        Path repo = Files.createTempDirectory("stackdeploy-bench-backup-");
        Path local = Files.createTempDirectory("stackdeploy-bench-download-");
        String section =
                """
                backup:
                  postgres: [{ service: postgres, database: "${POSTGRES_DB}", user: app }]
                  keep: { last: 1, daily: 0, weekly: 0 }
                """;
        try (SshHost host = SshHost.start("127.0.0.1");
                BackupFixture stack = new BackupFixture(repo, host, section)) {
            stack.deploy();
            long started = System.nanoTime();
            stack.psql("create table big as select i as id, md5(i::text) as a, md5((i * 7)::text) as b,"
                    + " repeat(md5((i * 13)::text), 3) as c, now() - i * interval '1 second' as t"
                    + " from generate_series(1, " + rows + ") i");
            long size = Long.parseLong(stack.psql("select pg_database_size('appdb')"));
            System.out.printf(
                    Locale.ROOT,
                    "Database appdb: %.2f GiB (%,d rows), loaded in %d s%n",
                    size / (double) GIB,
                    rows,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            if (size < GIB) {
                System.out.println("The database is smaller than 1 GiB: pass more rows.");
                return false;
            }

            Path rawFile = stack.remoteDir.resolve("raw.dump.gz");
            long rawStart = System.nanoTime();
            ExecResult raw = host.ssh(
                    "set -e; docker compose --project-name " + stack.stack + " exec -T postgres pg_dump -Fc -U app"
                            + " -d appdb | gzip > " + rawFile,
                    Duration.ofHours(1));
            long rawNanos = System.nanoTime() - rawStart;
            if (!raw.succeeded()) {
                System.out.println("The raw pg_dump failed: " + raw.stderr());
                return false;
            }
            long rawBytes = Files.size(rawFile);
            Files.delete(rawFile);

            long oursStart = System.nanoTime();
            BackupResult ours = new StackBackup().backup(stack.request(null), line -> {});
            long oursNanos = System.nanoTime() - oursStart;
            if (!ours.succeeded()) {
                System.out.println("The backup failed: " + ours.sets().get(0).error());
                return false;
            }

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            Thread.sleep(200);
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long downloadStart = System.nanoTime();
            BackupResult downloaded = new StackBackup().backup(stack.request(local), line -> {});
            long downloadNanos = System.nanoTime() - downloadStart;
            sampler.interrupt();
            sampler.join();
            if (!downloaded.succeeded() || downloaded.downloads().isEmpty()) {
                System.out.println("The backup with download failed.");
                return false;
            }

            double throughput = (double) rawNanos / oursNanos;
            long heap = peak.get() - baseline;
            BackupManifest set = ours.sets().get(0);
            System.out.printf(
                    Locale.ROOT,
                    "raw pg_dump -Fc | gzip:   %6.1f s  %7.1f MiB/s of database  (file %,d bytes)%n",
                    rawNanos / 1e9,
                    size / (double) MIB / (rawNanos / 1e9),
                    rawBytes);
            System.out.printf(
                    Locale.ROOT,
                    "backup (dump + verify):   %6.1f s  %7.1f MiB/s of database  (file %,d bytes, %s)%n",
                    oursNanos / 1e9,
                    size / (double) MIB / (oursNanos / 1e9),
                    set.totalSize(),
                    set.files().get(0).verification());
            System.out.printf(
                    Locale.ROOT,
                    "backup --download:        %6.1f s  (streamed through this JVM)%n",
                    downloadNanos / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "Throughput vs raw: %.2f× (target ≥ 0.90×) %s%n",
                    throughput,
                    throughput >= 0.90 ? "met" : "MISSED");
            System.out.printf(
                    Locale.ROOT,
                    "Peak heap during backup --download: %.1f MiB above the idle baseline of %.1f MiB (target ≤ 64"
                            + " MiB) %s%n",
                    heap / (double) MIB,
                    baseline / (double) MIB,
                    heap <= 64 * MIB ? "met" : "MISSED");
            return throughput >= 0.90 && heap <= 64 * MIB;
        } finally {
            io.jenkins.plugins.stackdeploy.testsupport.TempDirs.deleteRecursively(repo);
            io.jenkins.plugins.stackdeploy.testsupport.TempDirs.deleteRecursively(local);
        }
    }
}

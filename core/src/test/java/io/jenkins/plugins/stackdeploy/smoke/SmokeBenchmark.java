package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.console.Console;
import io.jenkins.plugins.stackdeploy.console.Redactor;
import io.jenkins.plugins.stackdeploy.testsupport.HttpStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/smoke.sh: 50 checks against a local server whose answers take 100 ms to 590 ms each. The run
 * should take about as long as its slowest check, not the sum of all checks: target ≤ 1.5× the
 * slowest. Prints the medians of RUNS runs; exits 1 when the target is missed.
 */
public final class SmokeBenchmark {

    private static final int CHECKS = 50;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (HttpStub server = HttpStub.start().route("/delay/", exchange -> {
            long millis = Long.parseLong(exchange.getRequestURI().getPath().substring("/delay/".length()));
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            HttpStub.send(exchange, 200, "ok after " + millis, Map.of());
        })) {
            List<SmokeCheck> checks = new ArrayList<>();
            for (int i = 0; i < CHECKS; i++) {
                checks.add(SmokeCheck.get("check-" + i, server.url("/delay/" + (100 + 10 * i))));
            }
            SmokeRequest request = new SmokeRequest(checks, null, null, null, Map.of(), List.of(), null);
            Console quiet = Console.of(line -> {}, new Redactor(List.of()));
            new SmokeTester().run(request, quiet); // warm-up: classes loaded, the JIT awake

            List<Long> totals = new ArrayList<>();
            List<Long> slowest = new ArrayList<>();
            List<Long> sums = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long started = System.nanoTime();
                SmokeResult result = new SmokeTester().run(request, quiet);
                totals.add((System.nanoTime() - started) / 1_000_000);
                if (!result.passed()) {
                    throw new IllegalStateException("a check failed: " + result.failures());
                }
                slowest.add(result.checks().stream()
                        .mapToLong(CheckResult::latencyMillis)
                        .max()
                        .orElseThrow());
                sums.add(result.checks().stream()
                        .mapToLong(CheckResult::latencyMillis)
                        .sum());
            }
            long total = median(totals);
            long slow = median(slowest);
            double ratio = (double) total / slow;
            boolean met = ratio <= 1.5;
            System.out.printf(
                    Locale.ROOT,
                    "smokeTest, %d checks, medians of %d runs (ms):%n"
                            + "  whole run %d vs slowest check %d: ratio %.2f (target ≤ 1.50: %s)%n"
                            + "  the sum of all checks' latencies %d: the run took %.1f%% of it%n"
                            + "  [runs %s; slowest %s; sums %s]%n",
                    CHECKS,
                    runs,
                    total,
                    slow,
                    ratio,
                    met ? "met" : "MISSED",
                    median(sums),
                    100.0 * total / median(sums),
                    totals,
                    slowest,
                    sums);
            System.exit(met ? 0 : 1);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

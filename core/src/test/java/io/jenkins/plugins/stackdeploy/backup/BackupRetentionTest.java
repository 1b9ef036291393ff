package io.jenkins.plugins.stackdeploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.stackdeploy.config.StackConfig.Retention;
import io.jenkins.plugins.stackdeploy.deploy.ReleaseIds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupRetentionTest {

    private static BackupSet set(String time, String status) {
        String id = time + "-0000";
        BackupManifest manifest = status == null
                ? null
                : new BackupManifest(id, "shop", "app1", "r1", "test", time, 1, status, null, List.of(), null);
        return new BackupSet("app1", id, ReleaseIds.instant(id), manifest);
    }

    private static String id(String time) {
        return time + "-0000";
    }

    @Test
    void keepsTheLastNThenOnePerDayThenOnePerWeek() {
        List<BackupSet> sets = new ArrayList<>();
        // Two sets a day, 02:00 and 14:00, from Sunday 2026-10-25 to Sunday 2026-11-22.
        for (int day = 25; day <= 31; day++) {
            sets.add(set("202610" + day + "T020000Z", "verified"));
            sets.add(set("202610" + day + "T140000Z", "verified"));
        }
        for (int day = 1; day <= 22; day++) {
            String d = String.format("%02d", day);
            sets.add(set("202611" + d + "T020000Z", "verified"));
            sets.add(set("202611" + d + "T140000Z", "verified"));
        }

        List<String> kept = sets.stream()
                .map(BackupSet::id)
                .filter(BackupRetention.keep(sets, new Retention(3, 4, 3))::contains)
                .toList();

        assertThat(kept)
                .containsExactly(
                        id("20261108T140000Z"), // weekly: the newest of ISO week 45 (2–8 November)
                        id("20261115T140000Z"), // weekly: week 46
                        id("20261119T140000Z"), // daily: the newest of the 19th, 20th, 21st and 22nd
                        id("20261120T140000Z"),
                        id("20261121T140000Z"), // daily, and one of the last 3
                        id("20261122T020000Z"), // the last 3
                        id("20261122T140000Z")); // the last 3, daily, and weekly (week 47)
    }

    @Test
    void failedSetsNeverCountAndGoOnceANewerSetIsVerified() {
        List<BackupSet> sets = List.of(
                set("20261101T020000Z", "verified"),
                set("20261102T020000Z", "failed"),
                set("20261102T120000Z", null), // incomplete: its backup died
                set("20261103T020000Z", "verified"),
                set("20261105T020000Z", "failed"));

        assertThat(BackupRetention.keep(sets, new Retention(2, 0, 0)))
                .as("the two newest verified sets, and the failed one newer than both (evidence)")
                .containsExactlyInAnyOrder(id("20261101T020000Z"), id("20261103T020000Z"), id("20261105T020000Z"));
        assertThat(BackupRetention.remove(sets, new Retention(2, 0, 0)))
                .containsExactly(id("20261102T020000Z"), id("20261102T120000Z"));
    }

    @Test
    void daysWithoutASetDoNotAgeTheLastGoodSetsAway() {
        // The backup job stopped on 1 November; three weeks later nothing may be lost to the calendar.
        List<BackupSet> sets = List.of(
                set("20261030T020000Z", "verified"),
                set("20261031T020000Z", "verified"),
                set("20261101T020000Z", "verified"),
                set("20261122T020000Z", "failed"));

        assertThat(BackupRetention.remove(sets, new Retention(1, 3, 0))).isEmpty();
    }
}

package io.jenkins.plugins.stackdeploy.backup;

import io.jenkins.plugins.stackdeploy.config.StackConfig.Retention;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sets retention keeps. Only verified sets count: the newest {@code last}; the newest of
 * each of the {@code daily} most recent days that have one; the newest of each of the {@code
 * weekly} most recent ISO weeks that have one (days and weeks in UTC). Counting days that have a
 * set, rather than calendar days back from today, means a backup job that stopped for a while
 * never ages its last good sets away.
 *
 * <p>A failed or incomplete set is kept while it is newer than the newest verified set (it is the
 * evidence of what is going wrong) and removed once a newer set was verified.
 */
public final class BackupRetention {

    private BackupRetention() {}

    /** The ids of the sets to keep. */
    public static Set<String> keep(List<BackupSet> sets, Retention policy) {
        List<BackupSet> verified = sets.stream()
                .filter(BackupSet::isVerified)
                .filter(set -> set.created() != null)
                .sorted(Comparator.comparing(BackupSet::created).reversed())
                .toList();
        Set<String> keep = new LinkedHashSet<>();
        verified.stream().limit(policy.last()).forEach(set -> keep.add(set.id()));
        Set<LocalDate> days = new HashSet<>();
        Set<String> weeks = new HashSet<>();
        for (BackupSet set : verified) {
            LocalDate day = set.created().atZone(ZoneOffset.UTC).toLocalDate();
            if (days.size() < policy.daily() && days.add(day)) {
                keep.add(set.id());
            }
            String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            if (weeks.size() < policy.weekly() && weeks.add(week)) {
                keep.add(set.id());
            }
        }
        BackupSet newest = verified.isEmpty() ? null : verified.get(0);
        for (BackupSet set : sets) {
            if (!set.isVerified()
                    && (newest == null || set.created() == null || set.created().isAfter(newest.created()))) {
                keep.add(set.id());
            }
        }
        return keep;
    }

    /** The ids of the sets to remove, oldest first. */
    public static List<String> remove(List<BackupSet> sets, Retention policy) {
        Set<String> keep = keep(sets, policy);
        return sets.stream()
                .filter(set -> !keep.contains(set.id()))
                .sorted(Comparator.comparing(BackupSet::id))
                .map(BackupSet::id)
                .toList();
    }
}

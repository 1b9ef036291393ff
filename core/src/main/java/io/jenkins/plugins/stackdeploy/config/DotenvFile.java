package io.jenkins.plugins.stackdeploy.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed dotenv file: its entries in order; where a key repeats, the last one counts (as in Compose). */
public record DotenvFile(String name, List<DotenvEntry> entries) {

    public DotenvFile {
        entries = List.copyOf(entries);
    }

    /** Key → the entry that counts. */
    public Map<String, DotenvEntry> byKey() {
        Map<String, DotenvEntry> last = new LinkedHashMap<>();
        entries.forEach(e -> last.put(e.key(), e));
        return Collections.unmodifiableMap(last);
    }

    /** Key → value of every entry that has one. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        byKey().values().stream().filter(DotenvEntry::hasValue).forEach(e -> values.put(e.key(), e.value()));
        return Collections.unmodifiableMap(values);
    }

    public Optional<DotenvEntry> entry(String key) {
        return Optional.ofNullable(byKey().get(key));
    }

    /** Entries overridden by a later line with the same key. */
    public List<DotenvEntry> overridden() {
        Map<String, DotenvEntry> last = byKey();
        List<DotenvEntry> overridden = new ArrayList<>();
        entries.forEach(e -> {
            if (last.get(e.key()) != e) {
                overridden.add(e);
            }
        });
        return overridden;
    }
}

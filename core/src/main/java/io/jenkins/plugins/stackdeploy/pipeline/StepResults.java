package io.jenkins.plugins.stackdeploy.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A use case's typed result as the plain maps, lists, strings, numbers and booleans a Jenkinsfile
 * reads without script approval: every record component by its name, enums by name, durations in
 * milliseconds. Jackson does the walking.
 */
final class StepResults {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                @Override
                public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
                        throws IOException {
                    gen.writeNumber(value.toMillis());
                }
            }));

    private StepResults() {}

    static Map<String, Object> map(Object result) {
        return JSON.convertValue(result, new TypeReference<Map<String, Object>>() {});
    }

    static List<Map<String, Object>> list(List<?> results) {
        return JSON.convertValue(results, new TypeReference<List<Map<String, Object>>>() {});
    }
}

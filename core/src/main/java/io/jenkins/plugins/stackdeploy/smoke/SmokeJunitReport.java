package io.jenkins.plugins.stackdeploy.smoke;

import io.jenkins.plugins.stackdeploy.AtomicFile;
import io.jenkins.plugins.stackdeploy.JunitXml;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The smoke run as JUnit XML for Jenkins' {@code junit} step: one testcase per check
 * ({@code classname="smokeTest" name="api"}) with its latency as time; a failure shows the
 * expectation, what was there instead, and the start of the body (≤ 2 KB, secrets masked).
 */
public final class SmokeJunitReport {

    private SmokeJunitReport() {}

    public static void write(SmokeResult result, Path file) throws StackDeployException {
        AtomicFile.write(file, "the JUnit report", out -> write(result, out));
    }

    static void write(SmokeResult result, OutputStream out) throws IOException {
        JunitXml.write(
                out,
                "smokeTest",
                result.checks().size(),
                result.failures().size(),
                seconds(result.durationMillis()),
                xml -> {
                    for (CheckResult check : result.checks()) {
                        xml.writeCharacters("  ");
                        xml.writeStartElement("testcase");
                        xml.writeAttribute("classname", "smokeTest");
                        xml.writeAttribute("name", check.name());
                        xml.writeAttribute("time", seconds(check.latencyMillis()));
                        if (!check.passed()) {
                            xml.writeStartElement("failure");
                            xml.writeAttribute("type", "smoke");
                            xml.writeAttribute("message", check.mismatch());
                            StringBuilder text = new StringBuilder()
                                    .append(check.url())
                                    .append("\nexpected: ")
                                    .append(check.expected())
                                    .append("\nactual:   ")
                                    .append(check.actual())
                                    .append("\nstatus:   ")
                                    .append(check.status() == 0 ? "no answer" : check.status())
                                    .append(" after ")
                                    .append(check.attempts())
                                    .append(check.attempts() == 1 ? " attempt" : " attempts");
                            if (check.bodyExcerpt() != null) {
                                text.append("\nbody:\n").append(check.bodyExcerpt());
                            }
                            xml.writeCharacters(text.toString());
                            xml.writeEndElement();
                        }
                        xml.writeEndElement();
                        xml.writeCharacters("\n");
                    }
                });
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}

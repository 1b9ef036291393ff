package io.jenkins.plugins.stackdeploy.env;

import io.jenkins.plugins.stackdeploy.AtomicFile;
import io.jenkins.plugins.stackdeploy.JunitXml;
import io.jenkins.plugins.stackdeploy.StackDeployException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The report as JUnit XML for Jenkins' {@code junit} step: one testcase per key and rule
 * ({@code classname="validateEnv.POSTGRES_PASSWORD" name="strength"}), a failure for each error,
 * warnings as the testcase's system-out. Written to a temp file and moved into place, so a reader
 * never sees half a file.
 */
public final class EnvJunitReport {

    private EnvJunitReport() {}

    public static void write(EnvReport report, Path file) throws StackDeployException {
        AtomicFile.write(file, "the JUnit report", out -> write(report, out));
    }

    static void write(EnvReport report, OutputStream out) throws IOException {
        JunitXml.write(
                out, "validateEnv", report.checks().size(), report.errors().size(), null, xml -> {
                    for (EnvCheck check : report.checks()) {
                        xml.writeCharacters("  ");
                        xml.writeStartElement("testcase");
                        xml.writeAttribute("classname", "validateEnv." + check.key());
                        xml.writeAttribute(
                                "name",
                                check.rule()
                                        + (check.rule().equals("compose") && check.location() != null
                                                ? " " + check.location()
                                                : ""));
                        xml.writeAttribute("time", "0");
                        String text = (check.location() == null ? "" : check.location() + ": ") + check.key() + " "
                                + check.message();
                        if (check.status() == EnvCheck.Status.ERROR) {
                            xml.writeStartElement("failure");
                            xml.writeAttribute("type", check.rule());
                            xml.writeAttribute("message", check.key() + " " + check.message());
                            xml.writeCharacters(text);
                            xml.writeEndElement();
                        } else if (check.status() == EnvCheck.Status.WARNING) {
                            xml.writeStartElement("system-out");
                            xml.writeCharacters("WARNING: " + text);
                            xml.writeEndElement();
                        }
                        xml.writeEndElement();
                        xml.writeCharacters("\n");
                    }
                });
    }
}

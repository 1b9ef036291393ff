package io.jenkins.plugins.stackdeploy;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML report for Jenkins' {@code junit} step: the {@code testsuite} element with its counts,
 * around the testcases a report writes (one per line, indented).
 */
public final class JunitXml {

    /** Writes the report's testcases. */
    @FunctionalInterface
    public interface Testcases {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private JunitXml() {}

    /**
     * @param time the suite's duration in seconds ({@code 1.250}), or null to leave it out
     */
    public static void write(OutputStream out, String suite, int tests, int failures, String time, Testcases testcases)
            throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", Integer.toString(tests));
            xml.writeAttribute("failures", Integer.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            if (time != null) {
                xml.writeAttribute("time", time);
            }
            xml.writeCharacters("\n");
            testcases.write(xml);
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write the JUnit report: " + e.getMessage(), e);
        }
    }
}

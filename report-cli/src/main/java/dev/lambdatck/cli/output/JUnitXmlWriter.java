package dev.lambdatck.cli.output;

import dev.lambdatck.core.results.Outcome;
import dev.lambdatck.core.results.RuleResult;
import dev.lambdatck.core.results.RunResults;
import dev.lambdatck.core.results.TestResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code junit.xml} for CI servers: one {@code <testsuite>} per suite, one {@code <testcase>} per test.
 * FAIL and FLAKY are failures, ERROR is an error, NOT_APPLICABLE and NOT_VERIFIED are skipped; a failed
 * test whose every rule is EXPECTED_FAIL or WAIVED is skipped too, with the reason, so CI agrees with the
 * verdict. Failures carry the message and the evidence in {@code <system-out>}.
 */
public final class JUnitXmlWriter {

    public static final String FILE = "junit.xml";

    private JUnitXmlWriter() {
    }

    public static Path write(RunResults results, Path outDir) throws IOException {
        Path f = outDir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(f)) {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(document(results)), new StreamResult(out));
        } catch (TransformerException | ParserConfigurationException e) {
            throw new IOException("cannot write " + f + ": " + e.getMessage(), e);
        }
        return f;
    }

    static Document document(RunResults results) throws ParserConfigurationException {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Map<String, RuleResult> rules = new HashMap<>();
        for (RuleResult r : results.rules()) rules.put(r.id(), r);
        Map<String, List<TestResult>> bySuite = new LinkedHashMap<>();
        for (String s : results.suites()) bySuite.put(s, new java.util.ArrayList<>());
        for (TestResult t : results.tests()) bySuite.computeIfAbsent(t.suite(), k -> new java.util.ArrayList<>()).add(t);

        Element root = doc.createElement("testsuites");
        root.setAttribute("name", "lambda-tck");
        doc.appendChild(root);
        int[] total = new int[4];
        long totalMs = 0;
        for (Map.Entry<String, List<TestResult>> e : bySuite.entrySet()) {
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", "lambda-tck." + e.getKey());
            if (results.startedAt() != null) suite.setAttribute("timestamp", results.startedAt());
            Element props = doc.createElement("properties");
            property(doc, props, "verdict", String.valueOf(results.verdict()));
            property(doc, props, "verdictReason", results.verdictReason());
            property(doc, props, "tckVersion", results.tckVersion());
            property(doc, props, "specVersion", results.specVersion());
            if (results.target() != null) property(doc, props, "target", String.valueOf(results.target().get("name")));
            suite.appendChild(props);
            int[] counts = new int[4]; // tests, failures, errors, skipped
            long ms = 0;
            for (TestResult t : e.getValue()) {
                counts[0]++;
                ms += t.durationMs();
                suite.appendChild(testcase(doc, t, rules, counts));
            }
            suite.setAttribute("tests", Integer.toString(counts[0]));
            suite.setAttribute("failures", Integer.toString(counts[1]));
            suite.setAttribute("errors", Integer.toString(counts[2]));
            suite.setAttribute("skipped", Integer.toString(counts[3]));
            suite.setAttribute("time", seconds(ms));
            root.appendChild(suite);
            for (int i = 0; i < 4; i++) total[i] += counts[i];
            totalMs += ms;
        }
        root.setAttribute("tests", Integer.toString(total[0]));
        root.setAttribute("failures", Integer.toString(total[1]));
        root.setAttribute("errors", Integer.toString(total[2]));
        root.setAttribute("skipped", Integer.toString(total[3]));
        root.setAttribute("time", seconds(totalMs));
        return doc;
    }

    private static Element testcase(Document doc, TestResult t, Map<String, RuleResult> rules, int[] counts) {
        Element tc = doc.createElement("testcase");
        int hash = t.id().indexOf('#');
        tc.setAttribute("classname", hash < 0 ? t.suite() : t.id().substring(0, hash));
        String method = hash < 0 ? t.id() : t.id().substring(hash + 1);
        tc.setAttribute("name", clean(method + " " + t.rules()));
        tc.setAttribute("time", seconds(t.durationMs()));
        Outcome o = t.outcome();
        boolean failed = o == Outcome.FAIL || o == Outcome.ERROR || o == Outcome.FLAKY;
        String accepted = failed ? acceptedBy(t, rules) : null;
        if (accepted != null) {
            skipped(doc, tc, accepted);
            counts[3]++;
        } else if (o == Outcome.FAIL || o == Outcome.FLAKY) {
            tc.appendChild(problem(doc, "failure", t));
            counts[1]++;
        } else if (o == Outcome.ERROR) {
            tc.appendChild(problem(doc, "error", t));
            counts[2]++;
        } else if (o != Outcome.PASS) {
            skipped(doc, tc, o + (t.message() == null ? "" : ": " + t.message()));
            counts[3]++;
        }
        if (failed) {
            Element out = doc.createElement("system-out");
            out.setTextContent(clean(EvidenceText.of(t)));
            tc.appendChild(out);
        }
        return tc;
    }

    /** "EXPECTED_FAIL: reason" when every rule the failed test cites is an expected failure or waived. */
    private static String acceptedBy(TestResult t, Map<String, RuleResult> rules) {
        if (t.rules().isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (String id : t.rules()) {
            RuleResult r = rules.get(id);
            if (r == null || (r.outcome() != Outcome.EXPECTED_FAIL && r.outcome() != Outcome.WAIVED)) return null;
            if (b.length() > 0) b.append("; ");
            b.append(id).append(' ').append(r.outcome()).append(": ").append(r.reason());
        }
        return b.toString();
    }

    private static void skipped(Document doc, Element tc, String message) {
        Element s = doc.createElement("skipped");
        s.setAttribute("message", clean(message));
        tc.appendChild(s);
    }

    private static Element problem(Document doc, String kind, TestResult t) {
        Element f = doc.createElement(kind);
        String msg = t.message() == null ? t.outcome().name() : t.message();
        f.setAttribute("message", clean(msg.lines().findFirst().orElse(msg)));
        f.setAttribute("type", t.outcome().name());
        f.setTextContent(clean(msg));
        return f;
    }

    private static void property(Document doc, Element props, String name, String value) {
        if (value == null) return;
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", clean(value));
        props.appendChild(p);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: evidence bodies may contain them. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            b.appendCodePoint(ok ? c : 0xFFFD);
        });
        return b.toString();
    }
}

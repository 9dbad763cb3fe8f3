package dev.lambdatck.cli.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens report.html in Debian's headless Chromium: the verdict shows, the URL-fragment filter hides and
 * shows the right rows, nothing is fetched from any network, and screenshots land in target/ for a look.
 * Without chromium this test fails (CI installs it) unless LAMBDA_TCK_SKIP_BROWSER=1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromiumReportTests {

    /** A rule row's opening tag; non-greedy up to its summary, so a '>' inside an attribute value does not cut it short. */
    private static final Pattern RULE = Pattern.compile("<details\\b[^<]*?>\\s*<summary");
    private static final Pattern ATTR = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

    @TempDir
    Path tmp;

    private Path chromium;
    private Path report;
    private Path shots;

    @BeforeAll
    void browserAndReport() throws Exception {
        chromium = HeadlessChromium.find();
        if (chromium == null) {
            if ("1".equals(System.getenv("LAMBDA_TCK_SKIP_BROWSER"))) {
                Assumptions.abort("LAMBDA_TCK_SKIP_BROWSER=1 and chromium is missing: " + HeadlessChromium.INSTALL_HINT);
            }
            fail(HeadlessChromium.INSTALL_HINT);
        }
        shots = Path.of(System.getProperty("basedir", "."), "target", "report-screenshots");
        Files.createDirectories(shots);
        new HtmlReportWriter().write(SampleRuns.mixed(), shots);
        report = shots.resolve("report.html");
    }

    @Test
    void fragment_filter_hides_passing_rows_and_nothing_is_fetched() throws Exception {
        try (ConnectionRecorder proxy = new ConnectionRecorder()) {
            HeadlessChromium browser = new HeadlessChromium(chromium, Files.createDirectory(tmp.resolve("profile")), proxy.port());
            String dom = browser.dumpDom(report.toUri() + "#outcome=FAIL");

            assertThat(dom).contains("NOT CONFORMANT", "data-verdict=\"NOT_CONFORMANT\"");
            List<Map<String, String>> rows = rules(dom);
            assertThat(rows).hasSize(8);
            for (Map<String, String> row : rows) {
                boolean hidden = row.getOrDefault("class", "").contains("filtered-out") && "out".equals(row.get("data-filtered"));
                assertThat(hidden).as("%s (%s) hidden", row.get("data-id"), row.get("data-outcome"))
                        .isEqualTo(!row.get("data-outcome").equals("FAIL"));
            }
            assertThat(dom).contains("showing 1 of 8 rules");
            assertThat(dom).doesNotContain("<form id=\"filters\" hidden");

            String noScript = browser.dumpDom(report.toUri() + "#outcome=FAIL", "--blink-settings=scriptEnabled=false");
            assertThat(rules(noScript)).allSatisfy(row -> assertThat(row).doesNotContainKey("data-filtered"));

            browser.screenshot(report.toUri().toString(), shots.resolve("report.png"), 1366, 1800);
            browser.screenshot(report.toUri() + "#rule-RT-NEXT-002", shots.resolve("report-rule.png"), 1366, 1800);
            assertThat(Files.size(shots.resolve("report.png"))).isGreaterThan(10_000);

            List<String> all = proxy.requests();
            // a connection that sent no request line fetched nothing (the browser opens spare connections)
            List<String> page = all.stream().filter(r -> !r.isBlank())
                    .filter(r -> !HeadlessChromium.BROWSER_SERVICES.matcher(r).find()).toList();
            assertThat(page).as("requests made through the proxy, other than the browser's own services (all: %s)", all).isEmpty();
        }
    }

    /** The control: without it, "no request seen" could just mean the proxy was never used. */
    @Test
    void the_proxy_sees_what_a_page_fetches() throws Exception {
        Path page = Files.writeString(tmp.resolve("probe.html"),
                "<!DOCTYPE html><title>probe</title><img src=\"http://lambda-tck.invalid/probe.png\">");
        try (ConnectionRecorder proxy = new ConnectionRecorder()) {
            HeadlessChromium browser = new HeadlessChromium(chromium, Files.createDirectory(tmp.resolve("profile-probe")), proxy.port());
            browser.dumpDom(page.toUri().toString());
            assertThat(proxy.requests()).anyMatch(r -> r.startsWith("GET http://lambda-tck.invalid/probe.png"));
        }
    }

    @Test
    void html_references_no_remote_script_style_or_font() throws Exception {
        String html = Files.readString(report);
        assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\bsrc=\"?https?://")
                .doesNotContainPattern("(?i)<link[^>]*\\bhref=\"?https?://")
                .doesNotContainPattern("(?i)@import").doesNotContainPattern("(?i)url\\(\\s*['\"]?https?://")
                .doesNotContainPattern("(?i)@font-face");
        Matcher m = Pattern.compile("(?is)<(script|style)[^>]*>(.*?)</\\1>").matcher(html);
        while (m.find()) assertThat(m.group(2)).as("inline %s", m.group(1)).doesNotContainPattern("https?://");
    }

    private static List<Map<String, String>> rules(String dom) {
        List<Map<String, String>> out = new ArrayList<>();
        Matcher m = RULE.matcher(dom);
        while (m.find()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            Matcher a = ATTR.matcher(m.group());
            while (a.find()) attrs.put(a.group(1), a.group(2));
            if (List.of(attrs.getOrDefault("class", "").split(" ")).contains("rule")) out.add(attrs);
        }
        return out;
    }
}

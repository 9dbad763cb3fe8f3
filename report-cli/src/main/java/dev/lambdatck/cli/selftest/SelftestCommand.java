package dev.lambdatck.cli.selftest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdatck.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lambda-tck selftest}: the kill matrices that show each suite fails exactly the rules a fault breaks. */
@Command(name = "selftest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Run the kill matrix of a suite: the suite runs clean (every automated rule must pass), then once per",
                "deliberate fault of its subject (the reference platform for 'platform'); each fault must make exactly",
                "the rules it declares fail.",
                "Exit 0 when every baseline passes and every fault kills exactly its rules, 1 otherwise, 2 on bad usage.",
                "",
                "--json prints {\"suites\": [{\"suite\", \"baseline\": {\"passed\", \"problems\": [...]},",
                "\"faults\": [{\"fault\", \"declared\": [...], \"failed\": [...], \"verdict\", \"accepted\", \"note\"?}...],",
                "\"unkilledRules\": [automated MUST rules binding the suite's side that no fault declaring them makes fail], \"durationMs\"}...]}."},
        footer = {"%nExamples:",
                "  lambda-tck selftest --suite platform",
                "  lambda-tck selftest --json | jq '.suites[].faults[] | select(.verdict != \"exact\")'",
                ExitCodes.HELP})
public final class SelftestCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", paramLabel = "NAME", split = ",", description = "Suite whose kill matrix to run (repeatable; default: all).")
    List<String> suites = new ArrayList<>();

    @Option(names = "--json", description = "Print the matrices as JSON instead of a table.")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + KillMatrix.DEFAULT_PARALLELISM, description = "Runs at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<FaultSource> sources = new ArrayList<>();
        try {
            if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1");
            if (suites.isEmpty()) sources.addAll(FaultSources.all());
            else for (String s : suites) sources.add(FaultSources.named(s));
        } catch (IllegalArgumentException e) {
            err.println("lambda-tck selftest: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<MatrixResult> results = new ArrayList<>();
        for (FaultSource s : sources) {
            results.add(new KillMatrix(s, parallel, line -> {
                err.println("selftest: " + line);
                err.flush();
            }).run());
        }
        if (json) out.println(toJson(results));
        else for (MatrixResult r : results) out.print(table(r));
        out.flush();
        return results.stream().allMatch(MatrixResult::ok) ? 0 : 1;
    }

    static String table(MatrixResult r) {
        StringBuilder b = new StringBuilder();
        b.append("Kill matrix of suite ").append(r.suite()).append(" (").append(r.durationMs() / 1000).append(" s)\n");
        b.append("  baseline: ").append(r.baselinePassed() ? "every test passed" : "FAILED").append('\n');
        for (String p : r.baselineProblems()) b.append("    ").append(p).append('\n');
        int w = Math.max(5, r.faults().stream().mapToInt(f -> f.fault().length()).max().orElse(5));
        b.append(String.format("  %-" + w + "s  %-12s  %-3s  %s%n", "fault", "verdict", "ok", "declared -> failed"));
        for (FaultRow f : r.faults()) {
            b.append(String.format("  %-" + w + "s  %-12s  %-3s  %s -> %s", f.fault(), f.verdict(), f.accepted() ? "yes" : "NO",
                    f.declared(), f.failed().size() > 12 ? f.failed().size() + " rules" : f.failed()));
            if (!f.missedRules().isEmpty() && !"error".equals(f.verdict())) b.append("  missed ").append(f.missedRules());
            if (!f.extraRules().isEmpty()) b.append("  extra ").append(f.extraRules());
            if (f.note() != null) b.append("  (").append(f.note()).append(')');
            b.append('\n');
        }
        long exact = r.faults().stream().filter(FaultRow::exact).count();
        long accepted = r.faults().stream().filter(FaultRow::accepted).count();
        b.append("  ").append(exact).append('/').append(r.faults().size()).append(" faults exact, ").append(accepted)
                .append(" accepted; ")
                .append(r.unkilledRules().size()).append(" automated MUST rules no fault kills")
                .append(r.unkilledRules().isEmpty() ? "" : ": " + String.join(" ", r.unkilledRules())).append('\n');
        return b.toString();
    }

    static String toJson(List<MatrixResult> results) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode arr = root.putArray("suites");
        for (MatrixResult r : results) {
            ObjectNode s = arr.addObject();
            s.put("suite", r.suite());
            ObjectNode base = s.putObject("baseline");
            base.put("passed", r.baselinePassed());
            r.baselineProblems().forEach(base.putArray("problems")::add);
            ArrayNode faults = s.putArray("faults");
            for (FaultRow f : r.faults()) {
                ObjectNode o = faults.addObject();
                o.put("fault", f.fault());
                f.declared().forEach(o.putArray("declared")::add);
                f.failed().forEach(o.putArray("failed")::add);
                o.put("verdict", f.verdict());
                o.put("accepted", f.accepted());
                if (f.note() != null) o.put("note", f.note());
            }
            r.unkilledRules().forEach(s.putArray("unkilledRules")::add);
            s.put("durationMs", r.durationMs());
        }
        try {
            return m.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

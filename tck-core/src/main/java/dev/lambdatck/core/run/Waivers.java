package dev.lambdatck.core.run;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TCK's published waiver list (accepted challenges), shipped in the tck-core jar as
 * {@value #RESOURCE}. Only TCK maintainers change it; a target cannot. A waived rule that fails is
 * reported WAIVED with the reason and link instead of counting against the target.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Waivers {

    public static final String RESOURCE = "lambda-tck/waivers.yaml";

    /** One accepted challenge. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Waiver(@JsonAlias("id") String rule, String reason, String link, String since) {
    }

    private record File(List<Waiver> waivers) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, Waiver> byRule;

    public Waivers(List<Waiver> waivers) {
        Map<String, Waiver> m = new LinkedHashMap<>();
        for (Waiver w : waivers) m.putIfAbsent(w.rule(), w);
        this.byRule = Map.copyOf(m);
    }

    public static Waivers none() {
        return new Waivers(List.of());
    }

    /** The list bundled with the TCK. */
    public static Waivers bundled() {
        try (InputStream in = Waivers.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the TCK waiver list " + RESOURCE + " is missing from the class path");
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Waivers parse(InputStream in, String name) throws IOException {
        File f = YAML.readValue(in, File.class);
        List<Waiver> list = f == null || f.waivers() == null ? List.of() : f.waivers();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Waiver w : list) {
            n++;
            if (w.rule() == null || w.rule().isBlank()) problems.add("waiver #" + n + ": missing 'rule'");
            if (w.reason() == null || w.reason().isBlank()) problems.add("waiver #" + n + ": missing 'reason'");
            if (w.link() == null || w.link().isBlank()) problems.add("waiver #" + n + ": missing 'link' (the accepted challenge)");
        }
        if (!problems.isEmpty()) throw new IllegalStateException(name + ": " + String.join("; ", problems));
        return new Waivers(list);
    }

    public Optional<Waiver> find(String rule) {
        return Optional.ofNullable(byRule.get(rule));
    }

    public List<Waiver> all() {
        return List.copyOf(byRule.values());
    }
}

package dev.lambdatck.cli.attest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lambdatck.cli.LambdaTck;
import dev.lambdatck.core.run.Waivers;
import dev.lambdatck.spec.CatalogueLoader;
import dev.lambdatck.spec.Chapter;
import dev.lambdatck.spec.RuleCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Digests of the TCK that is running: its jar (when it runs from one; a build directory has no single
 * file to hash) and the class-path resources that decide verdicts: the rule catalogue and the waiver list.
 *
 * @param jar       file name of the running jar, or null when running from classes
 * @param jarSha256 its SHA-256, or null
 * @param resources class-path resource name → SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TckArtefacts(String jar, String jarSha256, Map<String, String> resources) {

    public static TckArtefacts current() throws IOException {
        Path jar = runningJar();
        Map<String, String> res = new TreeMap<>();
        for (String name : resourceNames()) {
            try (InputStream in = TckArtefacts.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) throw new IOException("resource " + name + " is missing from the kit");
                res.put(name, Sha256.of(in));
            }
        }
        return new TckArtefacts(jar == null ? null : jar.getFileName().toString(), jar == null ? null : Sha256.of(jar), res);
    }

    /** The catalogue index, every chapter file it lists, and the waiver list. */
    static List<String> resourceNames() {
        List<String> names = new ArrayList<>();
        names.add(CatalogueLoader.RESOURCE_ROOT + "catalogue.yaml");
        for (Chapter c : RuleCatalogue.bundled().chapters()) names.add(CatalogueLoader.RESOURCE_ROOT + c.file());
        names.add(Waivers.RESOURCE);
        return names;
    }

    private static Path runningJar() {
        try {
            CodeSource cs = LambdaTck.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) return null;
            Path p = Path.of(cs.getLocation().toURI());
            return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null; // not a file URL: nothing to hash
        }
    }
}

package dev.lambdatck.refimpl.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates an archive entry name and splits it into path components. Zip-slip is refused outright rather than
 * "repaired" (stripping {@code ..} or a leading {@code /} would silently put files somewhere the author did not
 * mean): AWS's behaviour is unknown here (layers.md §6), and a conformance reference should be strict.
 */
public final class EntryName {

    private EntryName() {
    }

    /**
     * @return the components ({@code "a/./b/"} gives {@code [a, b]}); empty for the archive root itself
     * @throws InvalidArchiveException for absolute names, {@code ..} components or NUL characters
     */
    public static List<String> components(String raw, String archive) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidArchiveException(archive + ": an entry has an empty name");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidArchiveException(archive + ": entry name contains a NUL character");
        }
        if (raw.startsWith("/")) {
            throw new InvalidArchiveException(archive + ": entry \"" + raw
                    + "\" has an absolute path; entries must be relative to the extraction directory");
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                throw new InvalidArchiveException(archive + ": entry \"" + raw
                        + "\" contains '..' and would escape the extraction directory");
            }
            out.add(part);
        }
        return out;
    }
}

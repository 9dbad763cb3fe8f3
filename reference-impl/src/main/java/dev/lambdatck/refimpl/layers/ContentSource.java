package dev.lambdatck.refimpl.layers;

import java.nio.file.Files;
import java.nio.file.Path;

/** A function package or a layer, given either as a zip file or as an already unpacked directory. */
public final class ContentSource {

    private final Path path;
    private final String label;
    private final boolean directory;

    private ContentSource(Path path, String label, boolean directory) {
        this.path = path;
        this.label = label;
        this.directory = directory;
    }

    /**
     * @param label how error messages name it, e.g. "function code" or "layer 2"
     * @throws InvalidArchiveException when the path does not exist or is neither a directory nor a file
     */
    public static ContentSource of(Path path, String label) {
        if (path == null) throw new InvalidArchiveException(label + ": no path given");
        if (Files.isDirectory(path)) return new ContentSource(path, label + " (" + path + ")", true);
        if (Files.isRegularFile(path)) return new ContentSource(path, label + " (" + path + ")", false);
        throw new InvalidArchiveException(label + ": " + path + " does not exist or is not a zip file or directory");
    }

    public Path path() {
        return path;
    }

    public String label() {
        return label;
    }

    /** Unzipped size as declared by the archive (or the sum of file sizes of a directory). */
    public long declaredSize() {
        return directory ? DirectoryCopier.size(path) : SafeUnzipper.declaredSize(path, label);
    }

    public void extractInto(TreeWriter writer) {
        if (directory) {
            DirectoryCopier.copy(path, label, writer);
        } else {
            SafeUnzipper.extract(path, label, writer);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}

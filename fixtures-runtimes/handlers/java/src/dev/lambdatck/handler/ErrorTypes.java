package dev.lambdatck.handler;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exceptions whose class name is a script's errorType. The Java runtime interface client reports a
 * thrown exception's fully qualified class name as errorType, so to raise "Tck.ScriptedError" the handler
 * defines a class of that name (package Tck) at run time: a minimal class file
 * {@code public class N extends RuntimeException { public N(String m) { super(m); } }} written by hand.
 * A fatal step's type extends {@link InternalError} instead: a VirtualMachineError, the kind of
 * throwable the client treats as unrecoverable. Names the JVM cannot define (java.*, illegal characters)
 * fall back to an existing throwable of that name, else to {@link ScriptedError} (or InternalError).
 */
final class ErrorTypes {

    /** Raised when the requested type name cannot be a class name. */
    static final class ScriptedError extends RuntimeException {
        ScriptedError(String message) {
            super(message);
        }
    }

    /** One family of defined classes: a superclass and the classes defined under it (own loader, own names). */
    private static final class Family<T extends Throwable> {
        final Class<T> base;
        final Map<String, Constructor<? extends T>> defined = new ConcurrentHashMap<>();
        final Loader loader = new Loader(ErrorTypes.class.getClassLoader());

        Family(Class<T> base) {
            this.base = base;
        }
    }

    private static final Family<RuntimeException> ERRORS = new Family<>(RuntimeException.class);
    private static final Family<InternalError> FATAL = new Family<>(InternalError.class);

    private ErrorTypes() {
    }

    /** A RuntimeException whose getClass().getName() equals errorType whenever the JVM allows it. */
    static RuntimeException make(String errorType, String message) {
        RuntimeException e = create(ERRORS, errorType, message);
        return e != null ? e : new ScriptedError(message);
    }

    /** An InternalError (a VirtualMachineError) whose getClass().getName() equals errorType whenever the JVM allows it. */
    static InternalError makeFatal(String errorType, String message) {
        InternalError e = create(FATAL, errorType, message);
        return e != null ? e : new InternalError(message);
    }

    private static <T extends Throwable> T create(Family<T> family, String errorType, String message) {
        try {
            Class<?> existing = Class.forName(errorType, false, ErrorTypes.class.getClassLoader());
            if (family.base.isAssignableFrom(existing)) {
                return family.base.cast(existing.getConstructor(String.class).newInstance(message));
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException ignored) {
            // not an existing throwable of this family with a (String) constructor: define one below
        }
        if (!definable(errorType)) return null;
        try {
            Constructor<? extends T> c = family.defined.computeIfAbsent(errorType, name -> define(family, name));
            return c.newInstance(message);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static boolean definable(String name) {
        if (name == null || name.isEmpty() || name.startsWith("java.")) return false;
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty()) return false;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == ';' || c == '[' || c == '/' || c == '<' || c == '>') return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> Constructor<? extends T> define(Family<T> family, String name) {
        String superName = family.base.getName().replace('.', '/');
        Class<?> c = family.loader.define(name, classFile(name.replace('.', '/'), superName));
        try {
            return (Constructor<? extends T>) c.getConstructor(String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Class file version 52 (Java 8): straight-line code needs no stack map frames. */
    private static byte[] classFile(String internalName, String superName) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0xCAFEBABE);
            out.writeShort(0);
            out.writeShort(52);
            out.writeShort(10);                                  // constant pool count (entries 1..9)
            out.writeByte(1); out.writeUTF(internalName);        // #1 Utf8 this
            out.writeByte(7); out.writeShort(1);                 // #2 Class #1
            out.writeByte(1); out.writeUTF(superName);           // #3 Utf8 super
            out.writeByte(7); out.writeShort(3);                 // #4 Class #3
            out.writeByte(1); out.writeUTF("<init>");            // #5
            out.writeByte(1); out.writeUTF("(Ljava/lang/String;)V"); // #6
            out.writeByte(12); out.writeShort(5); out.writeShort(6); // #7 NameAndType
            out.writeByte(10); out.writeShort(4); out.writeShort(7); // #8 Methodref super.<init>(String)
            out.writeByte(1); out.writeUTF("Code");              // #9
            out.writeShort(0x0021);                              // public super
            out.writeShort(2);
            out.writeShort(4);
            out.writeShort(0);                                   // interfaces
            out.writeShort(0);                                   // fields
            out.writeShort(1);                                   // methods
            out.writeShort(0x0001);
            out.writeShort(5);
            out.writeShort(6);
            out.writeShort(1);                                   // one attribute: Code
            out.writeShort(9);
            byte[] code = {0x2a, 0x2b, (byte) 0xb7, 0x00, 0x08, (byte) 0xb1}; // aload_0 aload_1 invokespecial #8 return
            out.writeInt(12 + code.length);
            out.writeShort(2);                                   // max stack
            out.writeShort(2);                                   // max locals
            out.writeInt(code.length);
            out.write(code);
            out.writeShort(0);                                   // exception table
            out.writeShort(0);                                   // code attributes
            out.writeShort(0);                                   // class attributes
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Loader extends ClassLoader {
        Loader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(String name, byte[] b) {
            return defineClass(name, b, 0, b.length);
        }
    }
}

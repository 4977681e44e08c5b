package dev.loadgen.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The protocols on the class path, loaded once for one command line. Not thread-safe; the command line's thread
 * only.
 */
public final class Protocols {
    private final List<Protocol> all;

    private Protocols(List<Protocol> all) {
        this.all = List.copyOf(all);
    }

    /** New instances of every protocol on the class path, in the order the service files list them. */
    public static Protocols load() {
        List<Protocol> found = new ArrayList<>();
        for (Protocol protocol : ServiceLoader.load(Protocol.class, Protocols.class.getClassLoader())) {
            found.add(protocol);
        }
        return new Protocols(found);
    }

    public List<Protocol> all() {
        return all;
    }

    /**
     * The protocol serving {@code scheme}.
     *
     * @throws InputException naming the schemes that are supported when none serves it
     */
    public Protocol forScheme(String scheme) throws InputException {
        String wanted = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (Protocol protocol : all) {
            if (protocol.schemes().contains(wanted)) {
                return protocol;
            }
            known.addAll(protocol.schemes());
        }
        throw new InputException(
                "unsupported URL scheme '" + wanted + "' (supported: " + String.join(", ", known) + ")");
    }

    /**
     * The protocol called {@code name}.
     *
     * @throws InputException naming the protocols there are when none has that name
     */
    public Protocol named(String name) throws InputException {
        TreeSet<String> known = new TreeSet<>();
        for (Protocol protocol : all) {
            if (protocol.name().equalsIgnoreCase(name)) {
                return protocol;
            }
            known.add(protocol.name());
        }
        throw new InputException("unknown protocol '" + name + "' (known: " + String.join(", ", known) + ")");
    }
}

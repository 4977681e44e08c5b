package dev.loadgen.core;

import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link DriverFactory} for a URI scheme among the factories on the class path. */
public final class Drivers {
    private Drivers() {
    }

    /**
     * The factory serving {@code scheme}.
     *
     * @throws InputException naming the schemes that are supported when none serves it
     */
    public static DriverFactory forScheme(String scheme) throws InputException {
        String wanted = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        for (DriverFactory factory : ServiceLoader.load(DriverFactory.class, Drivers.class.getClassLoader())) {
            if (factory.schemes().contains(wanted)) {
                return factory;
            }
            known.addAll(factory.schemes());
        }
        throw new InputException("unsupported URL scheme '" + wanted + "' (supported: " + String.join(", ", known) + ")");
    }
}

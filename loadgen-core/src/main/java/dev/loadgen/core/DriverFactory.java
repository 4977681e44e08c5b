package dev.loadgen.core;

import java.util.Set;

/**
 * Service-provider interface: one implementation per protocol, found through {@link java.util.ServiceLoader}
 * by the target URI's scheme. Implementations need a public no-argument constructor.
 */
public interface DriverFactory {

    /** The URI schemes this factory serves, lower case (for example {@code http}, {@code https}). */
    Set<String> schemes();

    /**
     * Builds the driver for one run: parses and checks everything protocol specific in the target, so that an
     * invalid target fails here, before any thread or socket exists.
     *
     * @throws InputException when the target cannot be served by this driver
     */
    Driver create(TargetSpec target, Transport transport) throws InputException;
}

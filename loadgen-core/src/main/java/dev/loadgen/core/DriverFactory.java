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
     * Builds the driver for one run: parses and checks everything protocol specific in the run's target, so
     * that an invalid target fails here, before any thread or socket exists. Connections it opens accept up to
     * {@link RunSpec#inFlightPerConnection()} requests at once; a driver that cannot rejects larger values.
     *
     * @throws InputException when the run cannot be served by this driver
     */
    Driver create(RunSpec run, Transport transport) throws InputException;
}

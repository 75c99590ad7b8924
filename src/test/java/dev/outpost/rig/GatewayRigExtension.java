package dev.outpost.rig;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a clean, booted Linux gateway: a Debian 12 system under systemd-nspawn in a network
 * namespace of its own, reachable from the host over SSH.
 *
 * <p>Register it with {@code @ExtendWith(GatewayRigExtension.class)} or with {@link GatewayRigOptions}. The gateway
 * boots before the class's {@code @BeforeAll} methods and is torn down after its {@code @AfterAll} methods. A test
 * gets it as a {@link RigGateway} parameter of its constructor, a {@code @BeforeAll} or {@code @BeforeEach}
 * method, or a test method, or through {@link #gatewayFor(Class)}.
 *
 * <p>The rig needs Linux, root and some host programs; where any is missing it skips the class, or fails it when
 * the environment variable {@code CI} is {@code true}. The first run on a machine builds the base root file
 * system, which takes one to two minutes; see {@code src/test/java/dev/outpost/rig/README.md}.
 */
public final class GatewayRigExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GatewayRigExtension.class);
    private static final Map<Class<?>, RigGateway> ACTIVE = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        holder(ownerContext(context)).gateway();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext owner = ownerContext(context);
        if (owner == context) {
            Holder holder = owner.getStore(NAMESPACE).remove(owner.getRequiredTestClass(), Holder.class);
            if (holder != null) {
                holder.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RigGateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return holder(ownerContext(extensionContext)).gateway();
    }

    /**
     * Returns the gateway of a test class that is running, for code that cannot take it as a parameter.
     *
     * @param testClass the test class, or a class nested in it
     * @return the gateway of that class or of the nearest enclosing class that has one
     * @throws IllegalStateException when no such class has a gateway right now
     */
    public static RigGateway gatewayFor(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            RigGateway gateway = ACTIVE.get(c);
            if (gateway != null) {
                return gateway;
            }
        }
        throw new IllegalStateException("No gateway is running for " + testClass.getName() + ".");
    }

    private static Holder holder(ExtensionContext owner) {
        Class<?> testClass = owner.getRequiredTestClass();
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(testClass, key -> new Holder(testClass), Holder.class);
    }

    /**
     * Finds the class context that owns the gateway for a context. That is the nearest enclosing class annotated with
     * {@link GatewayRigOptions}, or else the outermost test class.
     */
    static ExtensionContext ownerContext(ExtensionContext context) {
        ExtensionContext outermost = null;
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext candidate = c.get();
            if (!isClassContext(candidate)) {
                continue;
            }
            if (candidate.getRequiredTestClass().isAnnotationPresent(GatewayRigOptions.class)) {
                return candidate;
            }
            outermost = candidate;
        }
        if (outermost == null) {
            throw new IllegalStateException("The gateway rig works only for test classes.");
        }
        return outermost;
    }

    private static boolean isClassContext(ExtensionContext context) {
        return context.getElement().filter(Class.class::isInstance).isPresent();
    }

    /** Boots a class's gateway once, and remembers a failure so that it is not retried for every test. */
    private static final class Holder implements AutoCloseable {

        private final Class<?> testClass;
        private RigGateway gateway;
        private Throwable failure;

        Holder(Class<?> testClass) {
            this.testClass = testClass;
        }

        synchronized RigGateway gateway() {
            if (gateway == null && failure == null) {
                boot();
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return gateway;
        }

        private void boot() {
            GatewayRigOptions options = testClass.getAnnotation(GatewayRigOptions.class);
            boolean defaultRoute = options == null || options.defaultRoute();
            int diskMegabytes = options == null ? 0 : options.diskMegabytes();
            if (diskMegabytes < 0) {
                failure = new IllegalArgumentException("@GatewayRigOptions(diskMegabytes = " + diskMegabytes
                        + ") on " + testClass.getName() + " is invalid: use 0 for no tmpfs or a size in megabytes.");
                return;
            }
            try {
                gateway = RigGateway.start(defaultRoute, diskMegabytes, testClass.getSimpleName());
                ACTIVE.put(testClass, gateway);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        @Override
        public synchronized void close() {
            if (gateway != null) {
                ACTIVE.remove(testClass, gateway);
                gateway.close();
                gateway = null;
                failure = new IllegalStateException("The gateway of " + testClass.getName() + " is gone.");
            }
        }
    }
}

package dev.outpost.rig;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Options for the gateway that {@link GatewayRigExtension} boots for a test class.
 *
 * <p>The annotation also registers the extension, so it can stand alone on a class. A class that carries it,
 * including a {@code @Nested} class, gets a gateway of its own; a nested class without it shares the gateway of
 * the nearest enclosing class that has one.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(GatewayRigExtension.class)
public @interface GatewayRigOptions {

    /**
     * Whether the gateway gets a default route via the host side of its link.
     *
     * @return true to add the default route at boot
     */
    boolean defaultRoute() default true;

    /**
     * The size of a tmpfs mounted at {@code /var/lib/rancher} inside the gateway, to test a nearly full disk.
     *
     * @return the size in megabytes, or 0 for no tmpfs (the directory then lives on the gateway's root file system)
     */
    int diskMegabytes() default 0;
}

package io.canvass.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stored identity of an event: a name that does not depend on the Java package (moving a
 * class must not orphan stored history) and a revision that changes whenever the stored shape
 * does (with an upcaster for the old one).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The name stored with every event of this type, e.g. {@code ContractSigned}. */
    String name();

    /** The revision of the stored shape; starts at {@code "1"}. */
    String revision();
}

package org.jnegotiate.gss;

import java.lang.reflect.Method;
import java.security.AccessController;
import java.util.Optional;
import javax.security.auth.Subject;

/**
 * The JAAS Subject of the calling thread: {@code Subject.current()} where it exists (JDK 18+), else the
 * Subject of the access-control context (JDK 17), as {@code Subject.doAs} sets them.
 */
final class CallerSubject {
    private static final Method CURRENT = findCurrent();

    private CallerSubject() {}

    private static Method findCurrent() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings("removal")
    static Optional<Subject> get() {
        try {
            if (CURRENT != null) {
                return Optional.ofNullable((Subject) CURRENT.invoke(null));
            }
            return Optional.ofNullable(Subject.getSubject(AccessController.getContext()));
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}

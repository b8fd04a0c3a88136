package org.jnegotiate.spring;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The Spring Security module is built on the servlet module and the provider's API only ({@code mech},
 * {@code sspi}, {@code config}, {@code engine}).
 */
class ProviderApiTest {

    @Test
    void dependsOnJNegotiateOnlyThroughItsApi() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("org.jnegotiate..")
                        .and(resideOutsideOfPackages(
                                "org.jnegotiate.spring..",
                                "org.jnegotiate.servlet..",
                                "org.jnegotiate.mech..",
                                "org.jnegotiate.sspi..",
                                "org.jnegotiate.config..",
                                "org.jnegotiate.engine..")))
                .check(new ClassFileImporter()
                        .importUrl(NegotiateAuthenticationFilter.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()));
    }
}

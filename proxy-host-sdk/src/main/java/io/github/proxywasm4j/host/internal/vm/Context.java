package io.github.proxywasm4j.host.internal.vm;

import java.util.HashMap;
import java.util.Map;

/** A context the plugin knows by id: the root context, an HTTP stream or a TCP connection. */
public class Context {
    int id;
    final ProxyVm vm;

    /** Properties set on this context by the guest ({@code proxy_set_property}) or the test. */
    Map<String, byte[]> properties;

    /** Bytes of the properties set here (paths and values), for maxPropertyBytes. */
    long propertyBytes;

    boolean created;
    boolean deleted;

    /** The plugin's root context this context belongs to (itself for a root context). */
    RootContext root;

    /** In the VM's context table (see {@link ProxyVm#context(int)}). */
    boolean registered;

    Context(ProxyVm vm, int id) {
        this.vm = vm;
        this.id = id;
    }

    public int id() {
        return id;
    }

    public ProxyVm vm() {
        return vm;
    }

    public void setProperty(String canonicalPath, byte[] value) {
        if (properties == null) {
            properties = new HashMap<>();
        }
        var old = properties.put(canonicalPath, value);
        propertyBytes += value.length - (old == null ? -canonicalPath.length() : old.length);
    }

    /** A property as the guest would read it from this context; null if not found. */
    public byte[] property(String canonicalKey) {
        return EnvFunctions.property(vm, this, canonicalKey);
    }

    byte[] ownProperty(String key) {
        return properties == null ? null : properties.get(key);
    }

    /** Properties derived from the stream (request.*, connection.*); null if not known. */
    byte[] derivedProperty(String key) {
        return null;
    }

    /** The VM failed while this context was live; apply the policy now if it was waiting. */
    void onVmFailed() {}
}

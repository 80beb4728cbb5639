package io.itmcp.e2e.pod;

import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Path;

/**
 * Supplies the host directory that stands for a Secret, ConfigMap or PersistentVolumeClaim volume,
 * prepared as the kubelet would (file modes, group ownership from fsGroup).
 */
@FunctionalInterface
public interface VolumeBinder {
  /**
   * @param volume the Pod's volume
   * @param fsGroup the Pod's fsGroup, or null
   * @return a host directory to bind-mount
   */
  Path hostDirectory(Volume volume, Long fsGroup);
}

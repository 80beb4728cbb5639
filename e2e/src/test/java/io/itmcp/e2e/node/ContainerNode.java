package io.itmcp.e2e.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.itmcp.e2e.docker.Docker;
import io.itmcp.e2e.docker.DockerNetwork;
import io.itmcp.e2e.docker.DockerResources;
import io.itmcp.e2e.netpol.EgressFirewall;
import io.itmcp.e2e.netpol.NetworkPolicyIptables;
import io.itmcp.e2e.pod.DockerRunSettings;
import io.itmcp.e2e.pod.NetworkAttachment;
import io.itmcp.e2e.pod.PodToDockerSettings;
import io.itmcp.e2e.pod.VolumeBinder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kubelet stand-in backed by real containers: each Pod created on the (mock) API server becomes
 * containers run with {@link PodToDockerSettings} (the first owns the network namespace, the others
 * join it, as in a pod); its status gets Running, Ready and the container's IP; deleting the Pod
 * removes them. The NetworkPolicies of the API server are enforced on the pods' traffic with
 * {@link EgressFirewall}, kept in step as they are added, changed and deleted. Exec is served by
 * {@link PodExecDispatcher} through {@link #container}.
 */
public final class ContainerNode implements AutoCloseable {
  private record RunningPod(Pod pod, String ip, Map<String, String> containers, EgressFirewall firewall) {
  }

  private final KubernetesClient client;
  private final DockerResources resources;
  private final DockerNetwork network;
  private final VolumeBinder volumes;
  private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
  private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private SharedIndexInformer<Pod> podInformer;
  private SharedIndexInformer<NetworkPolicy> policyInformer;

  public ContainerNode(DockerResources resources, DockerNetwork network, VolumeBinder volumes, KubernetesClient client) {
    this.client = client;
    this.resources = resources;
    this.network = network;
    this.volumes = volumes;
  }

  public void start() {
    policyInformer = client.network().v1().networkPolicies().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(NetworkPolicy obj) {
        enforceAll();
      }

      @Override
      public void onUpdate(NetworkPolicy oldObj, NetworkPolicy newObj) {
        enforceAll();
      }

      @Override
      public void onDelete(NetworkPolicy obj, boolean deletedFinalStateUnknown) {
        enforceAll();
      }
    });
    podInformer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        startPod(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        startPod(pod);
        relabel(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        stopPod(key(pod));
      }
    });
  }

  /** What went wrong in the informer threads (a failing translation, docker or iptables), for assertions. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** The docker container running a pod's container (null name: the first one). */
  public Optional<String> container(String podKey, String containerName) {
    RunningPod running = pods.get(podKey);
    if (running == null) {
      return Optional.empty();
    }
    if (containerName == null) {
      return running.containers().values().stream().findFirst();
    }
    return Optional.ofNullable(running.containers().get(containerName));
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private synchronized void startPod(Pod pod) {
    if (pods.containsKey(key(pod)) || pod.getStatus() != null && pod.getStatus().getPhase() != null) {
      return;
    }
    try {
      Map<String, String> containers = new LinkedHashMap<>();
      String owner = null;
      for (Container c : pod.getSpec().getContainers()) {
        NetworkAttachment attach = owner == null
            ? new NetworkAttachment.Own(network.name()) : new NetworkAttachment.Join(owner);
        DockerRunSettings settings = PodToDockerSettings.translate(pod, c.getName(), attach, volumes);
        String name = resources.run("node-" + pod.getMetadata().getName() + "-" + c.getName(), settings.options(),
            settings.image(), settings.args());
        containers.put(c.getName(), name);
        if (owner == null) {
          owner = name;
        }
      }
      String ip = Docker.ipOf(owner, network.name());
      RunningPod running = new RunningPod(pod, ip, containers, new EgressFirewall(ip));
      resources.onClose(running.firewall()::close);
      pods.put(key(pod), running);
      enforce(running);
      markRunning(pod, ip);
    } catch (RuntimeException | Error e) {
      errors.add("pod " + key(pod) + ": " + e);
      System.err.println("[itmcp-e2e] node: pod " + key(pod) + " failed: " + e);
      e.printStackTrace();
    }
  }

  /**
   * A running pod whose labels changed (a warm-pool pod claimed by a session) is selected by other
   * NetworkPolicies now: its rules follow, as a CNI's do.
   */
  private synchronized void relabel(Pod pod) {
    RunningPod running = pods.get(key(pod));
    if (running == null || java.util.Objects.equals(running.pod().getMetadata().getLabels(), pod.getMetadata().getLabels())) {
      return;
    }
    RunningPod relabelled = new RunningPod(pod, running.ip(), running.containers(), running.firewall());
    pods.put(key(pod), relabelled);
    enforce(relabelled);
  }

  private void markRunning(Pod pod, String ip) {
    String now = Instant.now().toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(true)
          .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build());
    }
    Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    current.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).withStartTime(now)
        .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now)
            .build())
        .withContainerStatuses(statuses).build());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(current).updateStatus();
  }

  private synchronized void stopPod(String key) {
    RunningPod running = pods.remove(key);
    if (running == null) {
      return;
    }
    running.firewall().close();
    List<String> names = new ArrayList<>(running.containers().values());
    java.util.Collections.reverse(names);
    for (String name : names) {
      Docker.docker("rm", "-f", name);
    }
  }

  private synchronized void enforceAll() {
    pods.values().forEach(this::enforce);
  }

  private void enforce(RunningPod running) {
    try {
      List<NetworkPolicy> selecting = client.network().v1().networkPolicies()
          .inNamespace(running.pod().getMetadata().getNamespace()).list().getItems().stream()
          .filter(np -> selects(np, running.pod())).toList();
      if (selecting.isEmpty()) {
        running.firewall().close();
      } else if (selecting.size() == 1) {
        NetworkPolicyIptables.Rules rules = NetworkPolicyIptables.translate(selecting.get(0), running.pod(), running.ip());
        running.firewall().apply(rules);
      } else {
        throw new IllegalStateException("several NetworkPolicies select pod " + key(running.pod())
            + "; this node enforces one per pod (the operator writes one per session)");
      }
    } catch (RuntimeException e) {
      errors.add("network policy for " + key(running.pod()) + ": " + e.getMessage());
    }
  }

  private static boolean selects(NetworkPolicy np, Pod pod) {
    Map<String, String> wanted = np.getSpec().getPodSelector() == null
        || np.getSpec().getPodSelector().getMatchLabels() == null
        ? Map.of() : np.getSpec().getPodSelector().getMatchLabels();
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  @Override
  public void close() {
    if (podInformer != null) {
      podInformer.close();
    }
    if (policyInformer != null) {
      policyInformer.close();
    }
    new ArrayList<>(pods.keySet()).forEach(this::stopPod);
  }
}

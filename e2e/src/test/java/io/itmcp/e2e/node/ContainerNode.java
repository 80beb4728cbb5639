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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A kubelet stand-in backed by real containers: each Pod created on the (mock) API server becomes
 * containers run with {@link PodToDockerSettings} (the first owns the network namespace, the others
 * join it, as in a pod); its status gets Running, Ready and the container's IP; deleting the Pod
 * removes them. The NetworkPolicies of the API server are enforced on the pods' traffic with {@link
 * EgressFirewall}, kept in step as they are added, changed and deleted. Exec is served by {@link
 * PodExecDispatcher} through {@link #container}.
 */
public final class ContainerNode implements AutoCloseable {
  private record RunningPod(
      Pod pod,
      String ip,
      Map<String, String> containers,
      EgressFirewall firewall,
      AtomicReference<Object> applied) {
    RunningPod withPod(Pod relabelled) {
      return new RunningPod(relabelled, ip, containers, firewall, applied);
    }
  }

  /**
   * What {@link RunningPod#applied} holds when no NetworkPolicy selects the pod (its firewall is
   * closed).
   */
  private static final Object UNRESTRICTED = new Object();

  private final KubernetesClient client;
  private final DockerResources resources;
  private final DockerNetwork network;
  private final VolumeBinder volumes;
  private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();

  /**
   * The latest version of each pod the API server has shown (a pod relabelled while it starts
   * starts with its new labels).
   */
  private final Map<String, Pod> latest = new ConcurrentHashMap<>();

  private final Set<String> starting = ConcurrentHashMap.newKeySet();

  /**
   * Pods start here, not on the informer's thread: a pod's containers take seconds to start, and a
   * claimed pod's relabel (its rules) must not queue behind the start of the pods that refill the
   * pool, as a CNI applies labels independently of the kubelet starting other pods.
   */
  private final ExecutorService starter =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "container-node-pod-start");
            t.setDaemon(true);
            return t;
          });

  private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private SharedIndexInformer<Pod> podInformer;
  private SharedIndexInformer<NetworkPolicy> policyInformer;
  private volatile boolean startOnInformerThread;
  private volatile java.util.function.BiConsumer<Pod, String> steps = (pod, step) -> {};

  public ContainerNode(
      DockerResources resources,
      DockerNetwork network,
      VolumeBinder volumes,
      KubernetesClient client) {
    this.client = client;
    this.resources = resources;
    this.network = network;
    this.volumes = volumes;
  }

  public void start() {
    policyInformer =
        client
            .network()
            .v1()
            .networkPolicies()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
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
    podInformer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    latest.put(key(pod), pod);
                    scheduleStart(pod);
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod pod) {
                    steps.accept(pod, "update seen");
                    latest.put(key(pod), pod);
                    scheduleStart(pod);
                    relabel(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                    latest.remove(key(pod));
                    stopPod(key(pod));
                  }
                });
  }

  /**
   * With {@code true}, pods start on the pod informer's thread as this node first did, so every
   * later pod event (a claimed pod's relabel) waits for them: the benchmark's before/after.
   */
  public void startPodsOnInformerThread(boolean inline) {
    this.startOnInformerThread = inline;
  }

  /**
   * Hears what the node does with a pod, for timings: {@code "update seen"} (the informer delivered
   * a change), {@code "rules applied <policies>"} (its iptables now follow the NetworkPolicies
   * named).
   */
  public void onStep(java.util.function.BiConsumer<Pod, String> listener) {
    this.steps = listener;
  }

  /**
   * What went wrong in the informer threads (a failing translation, docker or iptables), for
   * assertions.
   */
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

  private void scheduleStart(Pod pod) {
    String key = key(pod);
    if (pods.containsKey(key)
        || pod.getStatus() != null && pod.getStatus().getPhase() != null
        || !starting.add(key)) {
      return;
    }
    if (startOnInformerThread) {
      try {
        startPod(pod);
      } finally {
        starting.remove(key);
      }
      return;
    }
    try {
      starter.execute(
          () -> {
            try {
              startPod(pod);
            } finally {
              starting.remove(key);
            }
          });
    } catch (RejectedExecutionException closing) {
      starting.remove(key);
    }
  }

  private void startPod(Pod pod) {
    try {
      Map<String, String> containers = new LinkedHashMap<>();
      String owner = null;
      for (Container c : pod.getSpec().getContainers()) {
        NetworkAttachment attach =
            owner == null
                ? new NetworkAttachment.Own(network.name())
                : new NetworkAttachment.Join(owner);
        DockerRunSettings settings =
            PodToDockerSettings.translate(pod, c.getName(), attach, volumes);
        String name =
            resources.run(
                "node-" + pod.getMetadata().getName() + "-" + c.getName(),
                settings.options(),
                settings.image(),
                settings.args());
        containers.put(c.getName(), name);
        if (owner == null) {
          owner = name;
        }
      }
      String ip = Docker.ipOf(owner, network.name());
      EgressFirewall firewall = new EgressFirewall(ip);
      resources.onClose(firewall::close);
      synchronized (this) {
        Pod current = latest.get(key(pod));
        if (current == null) {
          // deleted while its containers started
          removeContainers(containers);
          return;
        }
        RunningPod running =
            new RunningPod(current, ip, containers, firewall, new AtomicReference<>());
        pods.put(key(pod), running);
        enforce(running);
      }
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
    if (running == null
        || java.util.Objects.equals(
            running.pod().getMetadata().getLabels(), pod.getMetadata().getLabels())) {
      return;
    }
    RunningPod relabelled = running.withPod(pod);
    pods.put(key(pod), relabelled);
    enforce(relabelled);
  }

  private void markRunning(Pod pod, String ip) {
    String now = Instant.now().toString();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      statuses.add(
          new ContainerStatusBuilder()
              .withName(c.getName())
              .withImage(c.getImage())
              .withReady(true)
              .withNewState()
              .withNewRunning()
              .withStartedAt(now)
              .endRunning()
              .endState()
              .build());
    }
    Pod current =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .get();
    if (current == null) {
      // deleted after its containers started: the delete event stops them, as a kubelet's would
      return;
    }
    current.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP(ip)
            .withStartTime(now)
            .addToConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withLastTransitionTime(now)
                    .build())
            .withContainerStatuses(statuses)
            .build());
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(current).updateStatus();
  }

  private void stopPod(String key) {
    RunningPod running;
    synchronized (this) {
      running = pods.remove(key);
    }
    if (running == null) {
      return;
    }
    running.firewall().close();
    removeContainers(running.containers());
  }

  private static void removeContainers(Map<String, String> containers) {
    List<String> names = new ArrayList<>(containers.values());
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
      // From the watch's cache, as a node's policy agent works; a pod no cached policy selects is
      // checked live before it is left unrestricted (the operator writes a claimed pod's policy
      // before its relabel, but the two watches may deliver them in either order).
      List<NetworkPolicy> selecting = selecting(running.pod(), policyInformer.getStore().list());
      if (selecting.isEmpty()) {
        selecting =
            selecting(
                running.pod(),
                client
                    .network()
                    .v1()
                    .networkPolicies()
                    .inNamespace(running.pod().getMetadata().getNamespace())
                    .list()
                    .getItems());
      }
      if (selecting.isEmpty()) {
        if (running.applied().getAndSet(UNRESTRICTED) != UNRESTRICTED) {
          running.firewall().close();
        }
      } else if (selecting.size() == 1) {
        NetworkPolicyIptables.Rules rules =
            NetworkPolicyIptables.translate(selecting.get(0), running.pod(), running.ip());
        // every NetworkPolicy event re-checks every pod; only a pod whose rules change is rewritten
        if (rules.equals(running.applied().get())) {
          return;
        }
        running.firewall().apply(rules);
        running.applied().set(rules);
      } else {
        throw new IllegalStateException(
            "several NetworkPolicies select pod "
                + key(running.pod())
                + "; this node enforces one per pod (the operator writes one per session)");
      }
      steps.accept(
          running.pod(),
          "rules applied " + selecting.stream().map(np -> np.getMetadata().getName()).toList());
    } catch (RuntimeException e) {
      errors.add("network policy for " + key(running.pod()) + ": " + e.getMessage());
    }
  }

  private static List<NetworkPolicy> selecting(Pod pod, List<NetworkPolicy> policies) {
    return policies.stream()
        .filter(
            np -> Objects.equals(np.getMetadata().getNamespace(), pod.getMetadata().getNamespace()))
        .filter(np -> selects(np, pod))
        .toList();
  }

  private static boolean selects(NetworkPolicy np, Pod pod) {
    Map<String, String> wanted =
        np.getSpec().getPodSelector() == null
                || np.getSpec().getPodSelector().getMatchLabels() == null
            ? Map.of()
            : np.getSpec().getPodSelector().getMatchLabels();
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  @Override
  public void close() {
    starter.shutdownNow();
    try {
      starter.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (podInformer != null) {
      podInformer.close();
    }
    if (policyInformer != null) {
      policyInformer.close();
    }
    new ArrayList<>(pods.keySet()).forEach(this::stopPod);
  }
}

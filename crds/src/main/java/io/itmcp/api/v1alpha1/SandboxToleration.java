package io.itmcp.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A toleration of the sandbox pod: the shape of a Kubernetes toleration, with the operator and
 * effect as enums and the pod validation rules the API server would otherwise apply only when the
 * pod is created (so an invalid toleration is refused with the policy, not with every session).
 */
@ValidationRule(
    value =
        "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
    message = "value must be empty when operator is Exists",
    reason = "FieldValueInvalid",
    fieldPath = ".value")
@ValidationRule(
    value =
        "(has(self.key) && self.key != '') || (has(self.operator) && self.operator == 'Exists')",
    message = "operator must be Exists when key is empty",
    reason = "FieldValueInvalid",
    fieldPath = ".operator")
@ValidationRule(
    value = "!has(self.tolerationSeconds) || (has(self.effect) && self.effect == 'NoExecute')",
    message = "tolerationSeconds needs effect NoExecute",
    reason = "FieldValueInvalid",
    fieldPath = ".effect")
public class SandboxToleration {

  /** Taint key; empty with operator Exists matches every taint. */
  @Size(max = 317)
  @Pattern(SchemaPatterns.QUALIFIED_NAME_OR_EMPTY)
  private String key;

  /** Exists or Equal (the default). */
  @Size(max = 6)
  private Operator operator;

  /** Taint value, for Equal. */
  @Size(max = 63)
  @Pattern(SchemaPatterns.LABEL_VALUE)
  private String value;

  /** NoSchedule, PreferNoSchedule or NoExecute; empty matches every effect. */
  @Size(max = 16)
  private Effect effect;

  /** With NoExecute: how long the pod stays bound after the taint appears. */
  @Min(0)
  @Max(86400)
  private Long tolerationSeconds;

  /** Toleration operators Kubernetes knows. */
  public enum Operator {
    Exists,
    Equal
  }

  /** Taint effects Kubernetes knows. */
  public enum Effect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public Operator getOperator() {
    return operator;
  }

  public void setOperator(Operator operator) {
    this.operator = operator;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public Effect getEffect() {
    return effect;
  }

  public void setEffect(Effect effect) {
    this.effect = effect;
  }

  public Long getTolerationSeconds() {
    return tolerationSeconds;
  }

  public void setTolerationSeconds(Long tolerationSeconds) {
    this.tolerationSeconds = tolerationSeconds;
  }
}

// Names of the movement's codes in the chosen language (statuses, classes, posts).
import { hasKey, t } from "../i18n";

export const statusLabel = (s: string) => (hasKey(`mv.status.${s}`) ? t(`mv.status.${s}` as any) : s);
export const classLabel = (c: string) => (hasKey(`mv.class.${c}`) ? t(`mv.class.${c}` as any) : c);

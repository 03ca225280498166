/** What the representation functions need: the world and the request's content switches. */
import type { MemoryLedger } from '../../world/capacity';
import type { World } from '../../world/world';

export interface RenderContext {
  world: World;
  /** `All-Content: true` / `all_content=true`: include expensive attributes (host `hosted_engine`). */
  isAllContent: boolean;
  /** Memory committed per host as the scheduler counts it, computed once per request when a host is rendered. */
  ledger?: MemoryLedger;
}

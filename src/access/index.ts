/**
 * The access layer, below every module: who acts (`Actor`), the roles they hold for places,
 * and permissions as data (`can()`). Identity signs people in and keeps their accounts; the web
 * layer puts the actor on each request; every module's services decide with these rules.
 */
export type { Actor, AnonymousActor, ResidentActor, StaffActor } from './actor.js';
export { ANONYMOUS, actorLabel, holdsRole, residentActorFor, residentEmail } from './actor.js';
export type { GrantProblem, Role, RoleGrant } from './role.js';
export { checkGrant, grantKey, isRole, ROLE_SCOPE_LEVELS, ROLES, scopeCovers, sortGrants } from './role.js';
export type { PermissionRule, PermissionSubject, PermissionTable } from './permission.js';
export { allows, Permissions, scopesOf } from './permission.js';
export type { ResolvedSession, SessionInfo, SessionResolver, SessionStage } from './session.js';
export type { AuditActor, AuditChannel, AuditEntry } from './audit-entry.js';
export { AUDIT_CHANNELS } from './audit-entry.js';
export type { Acting, AuditWriter, CommandRecord, CommandStep, SystemActor } from './command.js';
export { auditActorOf, CLI_ACTING, cliActing, CommandRunner, DEMO_ACTING, SYSTEM_ACTING } from './command.js';

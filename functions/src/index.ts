import { auth } from 'firebase-functions/v1';
import { firebaseDependencies } from './firebase-dependencies.ts';
import { handleUserCreated } from './handle-user-created.ts';
import { handleUserDeleted } from './handle-user-deleted.ts';

/** A new Firebase Auth user joins the tenants that invited them (see handleUserCreated). */
export const onUserCreated = auth.user().onCreate((user) => handleUserCreated(user, firebaseDependencies()));

/** A deleted Firebase Auth user's profile goes with them. */
export const onUserDeleted = auth.user().onDelete((user) => handleUserDeleted(user, firebaseDependencies()));

import { Form, useNavigation } from '@remix-run/react';

export function CreateTenantForm({ submitLabel }: { submitLabel: string }) {
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'createTenant';
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="createTenant" />
      <label className="grow">
        Organisation name
        <input name="name" required maxLength={120} placeholder="Acme Foods – Plant 2" data-testid="tenant-name-input" />
      </label>
      <button type="submit" className="button primary" disabled={busy} data-testid="tenant-create-submit">
        {busy ? 'Creating…' : submitLabel}
      </button>
    </Form>
  );
}

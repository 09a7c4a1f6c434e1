import type { AppointmentInput, AppointmentView, IssuedAppointment } from '@parley/protocol';
import { api } from './http.ts';

/** [AP1]–[AP6] Planned sessions over REST; the browser's session cookie (tests pass a `fetchImpl`). */
export class AppointmentsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async upcoming(): Promise<AppointmentView[]> {
    const body = await api<{ appointments: AppointmentView[] }>(
      this.baseUrl,
      '/api/v1/appointments',
      {},
      this.fetchImpl,
    );
    return body.appointments;
  }

  /** The answer carries the code and personal link: they are never shown again. */
  plan(input: AppointmentInput): Promise<IssuedAppointment> {
    return api(this.baseUrl, '/api/v1/appointments', { method: 'POST', body: JSON.stringify(input) }, this.fetchImpl);
  }

  /** [AP6] A new time (or guest details): a new code, and the guest is sent the update. */
  reschedule(id: string, input: AppointmentInput): Promise<IssuedAppointment> {
    const path = `/api/v1/appointments/${encodeURIComponent(id)}`;
    return api(this.baseUrl, path, { method: 'PUT', body: JSON.stringify(input) }, this.fetchImpl);
  }

  cancel(id: string): Promise<{ mailed: boolean }> {
    const path = `/api/v1/appointments/${encodeURIComponent(id)}`;
    return api(this.baseUrl, path, { method: 'DELETE' }, this.fetchImpl);
  }
}

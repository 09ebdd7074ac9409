package dev.taskmill.adapter.rest.resource;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.SubmitTaskGroupCommand;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /v2/task_groups/}: {@code calls}, each the body of {@code POST /v2/tasks/}. */
@Schema(name = "SubmitTaskGroup", description = "Calls to admit together, in order, all or none",
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record SubmitTaskGroupRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1 to 1000 calls")
        List<SubmitCallRequest> calls) {

    /**
     * The command this request asks for: each call read as a call alone is read.
     *
     * @throws InvalidRequestException (400) naming the call ({@code calls[i]: ...}) and its field,
     *         or saying how many calls a group may have
     */
    public SubmitTaskGroupCommand toCommand() {
        if (calls == null) {
            throw InvalidRequestException.badRequest("Field 'calls' is required");
        }
        List<SubmitCallCommand> commands = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i) == null) {
                throw InvalidRequestException.badRequest("calls[" + i + "]: must be an object");
            }
            try {
                commands.add(calls.get(i).toCommand());
            } catch (InvalidRequestException e) {
                throw InvalidRequestException.badRequest("calls[" + i + "]: " + e.getMessage());
            }
        }
        try {
            return new SubmitTaskGroupCommand(commands);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.badRequest(e.getMessage());
        }
    }
}
